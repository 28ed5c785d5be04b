namespace CxSemantic.Testing;

/// <summary>
/// Paths in the repository checkout, found from the test binaries by walking up to <c>CxSemantic.sln</c>, so
/// the tests do not depend on how deep the output folder sits (tests/&lt;project&gt;/bin/&lt;config&gt;/&lt;tfm&gt;/
/// today, artifacts/ tomorrow).
/// </summary>
public static class RepositoryPaths
{
    private const string Marker = "CxSemantic.sln";

    /// <summary>The repository root (the folder holding <c>CxSemantic.sln</c>).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shipped catalog, <c>metric-definitions/</c>.</summary>
    public static string MetricDefinitions => Combine("metric-definitions");

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.GetFullPath(Path.Combine([Root, .. parts]));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"{Marker} not found above the test binaries ({AppContext.BaseDirectory}).");
    }
}
