namespace Cme.Core.Commands;

/// <summary>
/// Whose word on a message's authentication the council takes: the <c>Authentication-Results</c>
/// headers written by its own receiving servers, and Exchange Online's own marks when the message
/// was read through Graph from the council's Exchange mailbox.
/// </summary>
/// <param name="TrustedAuthServIds">
/// The authserv-ids of the council's own receiving mail servers (<c>Cme:Commands:TrustedAuthServIds</c>),
/// compared without regard to case. A header naming any other id, or forging one of these below the
/// real one, does not count.
/// </param>
/// <param name="ReadFromOwnExchange">
/// The message was read through Microsoft Graph from the council's Exchange Online mailbox. Exchange
/// Online stamps its <c>Authentication-Results</c> above everything the message arrived with, without
/// an authserv-id, and its header firewall removes <c>X-MS-Exchange-Organization-*</c> headers from
/// mail arriving from outside. So, and only then: the topmost header, when it has no authserv-id,
/// is Exchange Online's, and <c>X-MS-Exchange-Organization-AuthAs: Internal</c> means the sender
/// signed in to the council's own Exchange. A message from the folder mailbox is a file anyone may
/// have written: it earns neither.
/// </param>
public sealed record SenderTrust(IReadOnlyCollection<string> TrustedAuthServIds, bool ReadFromOwnExchange)
{
    /// <summary>Trusts no header and no Exchange mark: every command is refused.</summary>
    public static SenderTrust Nothing { get; } = new([], ReadFromOwnExchange: false);

    /// <summary>Whether the header at <paramref name="position"/> (0 = topmost) was written by the council's own receiving mail system.</summary>
    public bool Trusts(Mail.AuthenticationResultsHeader header, int position)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!header.IsReadable)
        {
            return false;
        }

        return header.AuthServId is { } id
            ? TrustedAuthServIds.Contains(id, StringComparer.OrdinalIgnoreCase)
            : ReadFromOwnExchange && position == 0;
    }
}
