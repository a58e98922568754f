using System.ComponentModel.DataAnnotations;
using Cme.Application.Digest;

namespace Cme.Infrastructure.Configuration;

/// <summary>The product's own settings, the <c>Cme</c> section (environment: <c>Cme__…</c>).</summary>
public sealed class CmeOptions
{
    public const string SectionName = "Cme";

    /// <summary>
    /// The authority profile to run, a file name under <see cref="ProfilesPath"/> without
    /// <c>.json</c>. Default <c>hertfordshire</c>: the shipped profile whose term dates cover the
    /// current school year (Havering's cover 2024/25 only).
    /// </summary>
    [Required(ErrorMessage = "Cme:Profile must name an authority profile, e.g. 'hertfordshire' or 'havering'.")]
    public string Profile { get; set; } = "hertfordshire";

    /// <summary>Folder holding the profile files. Default: the <c>profiles</c> folder shipped beside the binaries.</summary>
    public string? ProfilesPath { get; set; }

    /// <summary>
    /// Folder for local data: the embedded Azurite's files, the folder mailbox and the outbox.
    /// Default <c>.local</c> under the content root (git-ignored).
    /// </summary>
    public string DataFolder { get; set; } = ".local";

    public MailboxOptions Mailbox { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public DigestOptions Digest { get; set; } = new();

    public CommandOptions Commands { get; set; } = new();

    public ChildIndexOptions ChildIndex { get; set; } = new();
}

/// <summary>Officers' commands by email: <c>Cme:Commands</c>.</summary>
public sealed class CommandOptions
{
    /// <summary>
    /// The authserv-ids (RFC 8601) of the council's own receiving mail servers, comma separated:
    /// an <c>Authentication-Results</c> header counts only when one of these wrote it (or, for mail
    /// read through Graph, when it is Exchange Online's own topmost header, which has no authserv-id).
    /// Default empty: the folder mailbox then trusts no header, and every command read from it is
    /// refused. Set it to the host name your border mail server writes, e.g. <c>mx.council.gov.uk</c>.
    /// </summary>
    public string? TrustedAuthServIds { get; set; }

    /// <summary>The ids in <see cref="TrustedAuthServIds"/>, trimmed, empties dropped.</summary>
    public IReadOnlyList<string> TrustedAuthServIdList =>
        (TrustedAuthServIds ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The child index's keyed hashes: <c>Cme:ChildIndex</c>.</summary>
public sealed class ChildIndexOptions
{
    /// <summary>
    /// The secret the child index's keys are HMAC-SHA256'd under: base64 of at least 32 random bytes
    /// (<c>openssl rand -base64 32</c>). In Azure, a Key Vault reference (required there). Default
    /// empty: a local run keeps a key generated on first use in <c>{DataFolder}/child-index.key</c>
    /// (readable by its owner only). Never logged. Changing it loses every match until
    /// <c>cme index rekey</c> is run with the old and new keys' store.
    /// </summary>
    public string? Key { get; set; }
}

/// <summary>Where email comes from: <c>Cme:Mailbox</c>.</summary>
public sealed class MailboxOptions
{
    /// <summary><c>Folder</c> (default; .eml files in a local folder) or <c>Graph</c> (the authority's Exchange Online mailbox).</summary>
    [AllowedValues("Folder", "Graph", ErrorMessage = "Cme:Mailbox:Source must be 'Folder' or 'Graph'.")]
    public string Source { get; set; } = "Folder";

    /// <summary>The folder mailbox's root; <c>inbox</c>, <c>processed</c> and <c>failed</c> live under it. Default <c>{DataFolder}/mailbox</c>.</summary>
    public string? Folder { get; set; }

    /// <summary>
    /// The folder mailbox hands a claimed email to the ingest queue again when it is still not
    /// processed this long after its claim (its queue message was lost, or is hidden by a host
    /// that died holding it). Default 15 minutes; the redelivery is harmless, ingestion is idempotent.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Cme:Mailbox:RequeueAfter must be between 00:00:05 and 1.00:00:00 (default 00:15:00).")]
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Where mail goes: <c>Cme:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary><c>Folder</c> (default; .eml files in a pickup folder) or <c>SendGrid</c>.</summary>
    [AllowedValues("Folder", "SendGrid", ErrorMessage = "Cme:Outbox:Delivery must be 'Folder' or 'SendGrid'.")]
    public string Delivery { get; set; } = "Folder";

    /// <summary>The pickup folder for outgoing .eml files. Default <c>{DataFolder}/outbox</c>.</summary>
    public string? Folder { get; set; }

    /// <summary>The address notifications are sent from. Default: the profile's <c>notifications.from</c>.</summary>
    public string? From { get; set; }
}
