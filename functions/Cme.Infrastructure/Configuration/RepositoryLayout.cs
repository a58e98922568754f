namespace Cme.Infrastructure.Configuration;

/// <summary>
/// Finds the files the product ships beside its source: host.json, the pinned Azurite and the
/// local data folder. Looks upward from the working directory, then from the binaries, so the
/// same code works from `dotnet run` at the repository root, from a test's output folder and
/// from a published container (where host.json sits beside the binaries).
/// </summary>
public static class RepositoryLayout
{
    public const string HostJsonFileName = "host.json";

    /// <summary>The folder holding host.json: the content root of the host.</summary>
    public static string FindContentRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, HostJsonFileName)) &&
                    File.Exists(Path.Combine(directory.FullName, "CmeFunctions.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        // Deployed: no solution file, host.json is copied beside the binaries.
        return File.Exists(Path.Combine(AppContext.BaseDirectory, HostJsonFileName))
            ? AppContext.BaseDirectory
            : Directory.GetCurrentDirectory();
    }

    /// <summary>The repository root (the folder with CmeFunctions.sln), or null when running from a deployment.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CmeFunctions.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }
}
