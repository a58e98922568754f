using System.Security.Cryptography;
using System.Text;
using Cme.Infrastructure.Configuration;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// The per-deployment secret the child index's keys are computed under: a key is
/// HMAC-SHA256(secret, identity) in lower-case hex, so nobody holding only the table (a backup, a
/// storage reader, a leaked SAS) can test guesses of a child's name and date of birth against it.
/// The secret's value never appears in <see cref="ToString"/>, a log or an error message.
/// </summary>
public sealed class ChildIndexSecret
{
    /// <summary>The fewest bytes a secret may have: HMAC-SHA256's block of strength.</summary>
    public const int MinimumBytes = 32;

    /// <summary>The file a local run keeps its generated secret in, under the data folder.</summary>
    public const string FileName = "child-index.key";

    private readonly byte[] _secret;

    private ChildIndexSecret(byte[] secret) => _secret = secret;

    /// <summary>A new random secret.</summary>
    public static ChildIndexSecret Generate() => new(RandomNumberGenerator.GetBytes(MinimumBytes));

    /// <summary>The secret written as base64 (a setting, a Key Vault secret, the key file).</summary>
    public static ChildIndexSecret FromBase64(string value) =>
        Problem(value) is { } problem
            ? throw new ConfigurationException($"Cme:ChildIndex:Key {problem}: set it to base64 of at least {MinimumBytes} random bytes (openssl rand -base64 32).")
            : new ChildIndexSecret(Convert.FromBase64String(value.Trim()));

    /// <summary>What is wrong with a base64 secret, without repeating it; null when it will do.</summary>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var length))
        {
            return "is not base64";
        }

        return length < MinimumBytes ? $"holds {length} bytes; it needs at least {MinimumBytes}" : null;
    }

    /// <summary>
    /// The local run's secret: read from <see cref="FileName"/> in <paramref name="dataFolder"/>,
    /// or generated there on first use, readable and writable by its owner only. Two processes
    /// starting at once agree: the file is created once, and the loser reads the winner's.
    /// </summary>
    public static ChildIndexSecret LoadOrCreate(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataFolder);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes)));
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        var text = File.ReadAllText(path);
        return Problem(text) is { } problem
            ? throw new ConfigurationException($"{path} {problem}: it holds the child index's secret. Restore it from a backup, or delete it and run 'cme index rekey' to move the index to a new one.")
            : new ChildIndexSecret(Convert.FromBase64String(text.Trim()));
    }

    /// <summary>The index key for one of a child's identity keys (<c>upn:…</c>, <c>name-dob:…</c>).</summary>
    public string KeyFor(string identityKey)
    {
        ArgumentNullException.ThrowIfNull(identityKey);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(identityKey)));
    }

    /// <summary>
    /// A name for this secret that reveals nothing of it (the first 16 hex digits of an HMAC of a
    /// fixed label): rows record it, so a rekey after the secret changed can tell rows under another
    /// secret from its own.
    /// </summary>
    public string Id => KeyFor("cme child index key id")[..16];

    public override string ToString() => "ChildIndexSecret (value hidden)";
}
