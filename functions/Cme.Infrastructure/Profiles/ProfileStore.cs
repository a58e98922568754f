using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;

namespace Cme.Infrastructure.Profiles;

/// <summary>Loads authority profiles from the profiles folder (<c>Cme:ProfilesPath</c>).</summary>
public sealed class ProfileStore(string folder)
{
    /// <summary>The profiles shipped beside the binaries.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "profiles");

    public string Folder { get; } = Path.GetFullPath(folder);

    public static ProfileStore From(CmeOptions options) =>
        new(string.IsNullOrWhiteSpace(options.ProfilesPath) ? DefaultFolder : options.ProfilesPath);

    /// <summary>The profile names available: the .json files directly in the folder.</summary>
    public IReadOnlyList<string> Available() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Loads and validates a profile; every problem is reported with the file, the field and the fix.</summary>
    public AuthorityProfile Load(string key)
    {
        var file = Path.Combine(Folder, key + ".json");
        if (string.IsNullOrWhiteSpace(key) || key.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || key.Contains("..", StringComparison.Ordinal) || !File.Exists(file))
        {
            var available = Available();
            throw new ConfigurationException(
                $"Cme:Profile is '{key}', but there is no profile file {file}. " +
                (available.Count > 0 ? $"Available profiles: {string.Join(", ", available)}." : $"The folder {Folder} holds no profiles; check Cme:ProfilesPath."));
        }

        var profile = ProfileReader.Read(file, File.ReadAllText(file), relative => ReadBeside(file, relative));
        if (!string.Equals(profile.Key, key, StringComparison.Ordinal))
        {
            throw new ProfileInvalidException(file, [$"{file}: key: '{profile.Key}' does not match the file name '{key}'. Fix: make them the same."]);
        }

        return profile;
    }

    private static string? ReadBeside(string profileFile, string relative)
    {
        var directory = Path.GetDirectoryName(profileFile)!;
        var path = Path.GetFullPath(Path.Combine(directory, relative));
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
