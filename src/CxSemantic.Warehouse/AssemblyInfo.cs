namespace CxSemantic.Warehouse;
