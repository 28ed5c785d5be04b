namespace CxSemantic.DuckDb;
