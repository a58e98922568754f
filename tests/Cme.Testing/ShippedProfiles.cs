using Cme.Core.Profiles;

namespace Cme.Testing;

/// <summary>The profiles as shipped (copied beside the test binaries), read once.</summary>
public static class ShippedProfiles
{
    private static readonly Lazy<AuthorityProfile> LazyHertfordshire = new(() => Load("hertfordshire"));
    private static readonly Lazy<AuthorityProfile> LazyHavering = new(() => Load("havering"));

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "profiles");

    public static AuthorityProfile Hertfordshire => LazyHertfordshire.Value;

    public static AuthorityProfile Havering => LazyHavering.Value;

    public static AuthorityProfile Read(string file, string json) =>
        ProfileReader.Read(file, json, relative => File.Exists(Path.Combine(Folder, relative)) ? File.ReadAllText(Path.Combine(Folder, relative)) : null);

    private static AuthorityProfile Load(string key)
    {
        var file = Path.Combine(Folder, key + ".json");
        return Read(file, File.ReadAllText(file));
    }
}
