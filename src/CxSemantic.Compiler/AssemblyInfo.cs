namespace CxSemantic.Compiler;
