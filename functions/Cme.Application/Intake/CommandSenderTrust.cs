using Cme.Application.Mailboxes;
using Cme.Core.Commands;

namespace Cme.Application.Intake;

/// <summary>
/// Whose authentication results count for an email, by the mailbox it was read from: the
/// configured authserv-ids (<c>Cme:Commands:TrustedAuthServIds</c>) always; Exchange Online's own
/// marks only for mail read through Graph from the council's mailbox, never for a folder mailbox file.
/// </summary>
public sealed class CommandSenderTrust(IReadOnlyCollection<string> trustedAuthServIds)
{
    public IReadOnlyCollection<string> TrustedAuthServIds { get; } = trustedAuthServIds;

    public SenderTrust For(string mailboxSource) =>
        new(TrustedAuthServIds, ReadFromOwnExchange: string.Equals(mailboxSource, MailboxMessage.GraphSource, StringComparison.Ordinal));
}
