using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;

namespace Cme.Infrastructure.Tests.Storage;

/// <summary>The child index's secret: where it comes from, how it is kept, and that it never shows.</summary>
public sealed class ChildIndexSecretTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cme-index-secret-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_local_run_generates_its_secret_once_readable_by_its_owner_only()
    {
        var data = Path.Combine(_folder, "data");

        var first = ChildIndexSecret.LoadOrCreate(data);
        var second = ChildIndexSecret.LoadOrCreate(data);

        var file = Path.Combine(data, ChildIndexSecret.FileName);
        Assert.True(File.Exists(file));
        Assert.Equal(first.KeyFor("upn:A123456789012"), second.KeyFor("upn:A123456789012"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Two_data_folders_have_different_secrets_and_so_different_keys()
    {
        var one = ChildIndexSecret.LoadOrCreate(Path.Combine(_folder, "one"));
        var two = ChildIndexSecret.LoadOrCreate(Path.Combine(_folder, "two"));

        Assert.NotEqual(one.KeyFor("name-dob:ada|invented|2015-04-03"), two.KeyFor("name-dob:ada|invented|2015-04-03"));
    }

    [Fact]
    public void A_configured_secret_gives_the_same_keys_wherever_it_is_used()
    {
        const string Key = "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng=";

        Assert.Equal(ChildIndexSecret.FromBase64(Key).KeyFor("upn:A123456789012"), ChildIndexSecret.FromBase64(Key).KeyFor("upn:A123456789012"));
        Assert.Equal(64, ChildIndexSecret.FromBase64(Key).KeyFor("upn:A123456789012").Length);
    }

    [Theory]
    [InlineData("not base64 at all!", "is not base64")] // a typing error
    [InlineData("c2hvcnQ=", "holds 5 bytes; it needs at least 32")] // too short to be a secret
    public void A_bad_secret_is_refused_naming_the_setting_and_the_fix_without_repeating_it(string value, string problem)
    {
        var exception = Assert.Throws<ConfigurationException>(() => ChildIndexSecret.FromBase64(value));

        Assert.Contains("Cme:ChildIndex:Key " + problem, exception.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_does_not_show_when_written_out()
    {
        Assert.Equal("ChildIndexSecret (value hidden)", ChildIndexSecret.FromBase64("q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng=").ToString());
    }
}
