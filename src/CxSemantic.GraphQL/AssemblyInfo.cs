namespace CxSemantic.GraphQL;
