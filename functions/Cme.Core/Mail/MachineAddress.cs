using System.Text.RegularExpressions;

namespace Cme.Core.Mail;

/// <summary>
/// Addresses no person reads: no-reply, notifications and mail-system senders. Mail is never sent
/// to them: an acknowledgement to a no-reply address helps nobody, and one to a mail system can loop.
/// </summary>
public static partial class MachineAddress
{
    public static bool IsMachine(EmailAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return MachineLocalPart().IsMatch(address.Value[..address.Value.LastIndexOf('@')]);
    }

    [GeneratedRegex(@"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|mailer-daemon|postmaster|notifications?|notify|alerts?|automated|auto[-_.]?mail|system|bounces?|mis[-_.]?notifications?|noreply[-_.+].*|.*[-_.+]no[-_.]?reply)$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MachineLocalPart();
}
