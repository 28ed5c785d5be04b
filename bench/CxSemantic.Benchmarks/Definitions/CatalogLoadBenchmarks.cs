using BenchmarkDotNet.Attributes;
using CxSemantic.Definitions.Loading;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Benchmarks.Definitions;

/// <summary>Loading and validating the whole shipped scorecard (metric-definitions/), as the server does on start and reload.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CatalogLoadBenchmarks
{
    private DefinitionFile[] _files = [];

    [GlobalSetup]
    public void Setup()
    {
        var folder = FindDefinitions();
        _files = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Select(f => new DefinitionFile(Path.GetRelativePath(folder, f), File.ReadAllText(f)))
            .ToArray();
        _ = WarehouseSchema.PhysicalSchema; // built once per process, not per load
    }

    /// <summary>Parse every YAML file, build and validate the catalog (files already read).</summary>
    [Benchmark]
    public int LoadAndValidate() => CatalogLoader.Load(_files, WarehouseSchema.PhysicalSchema).Catalog!.Metrics.Count;

    /// <summary>The same, including reading the files from disk.</summary>
    [Benchmark]
    public int LoadDirectory() => CatalogLoader.LoadDirectory(FindDefinitions(), WarehouseSchema.PhysicalSchema).Catalog!.Metrics.Count;

    private static string FindDefinitions()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "metric-definitions");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("metric-definitions not found above " + AppContext.BaseDirectory);
    }
}
