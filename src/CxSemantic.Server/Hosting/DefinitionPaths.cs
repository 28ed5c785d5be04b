namespace CxSemantic.Server.Hosting;

/// <summary>
/// How paths under the definitions folder are shown: whole to trusted callers (roles that may see the SQL), otherwise
/// relative to the folder's parent (<c>metric-definitions/metrics/automation.yaml</c>), so anonymous callers and
/// ordinary roles learn nothing about the server's file system. Paths outside the folder show their file name only.
/// </summary>
/// <param name="Directory">The definitions folder (absolute).</param>
/// <param name="Trusted">Whether absolute paths may be shown.</param>
internal sealed record DefinitionPaths(string Directory, bool Trusted)
{
    /// <summary>The path as this caller may see it.</summary>
    public string Show(string path)
    {
        if (Trusted || string.IsNullOrEmpty(path) || !System.IO.Path.IsPathRooted(path))
        {
            return path;
        }

        var folder = Directory.TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var name = System.IO.Path.GetFileName(folder);
        if (string.Equals(path.TrimEnd(System.IO.Path.DirectorySeparatorChar), folder, StringComparison.Ordinal))
        {
            return name;
        }

        return path.StartsWith(folder + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? System.IO.Path.Combine(name, System.IO.Path.GetRelativePath(folder, path))
            : System.IO.Path.GetFileName(path);
    }
}
