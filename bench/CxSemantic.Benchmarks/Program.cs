using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/CxSemantic.Benchmarks -- --filter '*'
// One class: ... -- --filter '*DuckDbRead*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
