using System.Text.RegularExpressions;
using Cme.Core.Mail;

namespace Cme.Parsing;

/// <summary>
/// Who made the report: the referrer the form names (its own "your email" answer), else the
/// original author inside a forward (a forward of a forward goes back to the first author, not the
/// duty or admissions mailbox that relayed it), else the sender. A machine sender (no-reply,
/// notifications) is never the referrer: its Reply-To or the form's answer is, or nobody.
/// </summary>
internal static partial class ReferrerReader
{
    public static EmailAddress? Read(EmailReading email, bool machineSent)
    {
        var form = email.Form;
        foreach (var labelled in new[]
        {
            form.Value(Labels.ReferrerEmail, static s => s is FormSection.Referrer),
            form.Value(Labels.ReferrerEmail, static s => s is not FormSection.ParentCarer and not FormSection.Sibling and not FormSection.Child),
            form.Value(Labels.ReferrerName),
        })
        {
            if (labelled is not null && Address(labelled) is { } stated && !MachineAddress.IsMachine(stated))
            {
                return stated;
            }
        }

        if ((email.IsForward || email.Thread.IsForward) && OriginalAuthor(email) is { } author)
        {
            return author;
        }

        if (AttachedMessageAuthor(email) is { } attachedAuthor)
        {
            // "Please see the attached referral": the attached message's author made it.
            return attachedAuthor;
        }

        if (email.From is { } from && !MachineAddress.IsMachine(from) && !machineSent)
        {
            return from;
        }

        if (email.ReplyTo is { } replyTo && !MachineAddress.IsMachine(replyTo))
        {
            return replyTo;
        }

        // Nobody else is named: the machine that sent it made the report (it is never answered: see IntakePolicy).
        return email.From;
    }

    /// <summary>The first author of a forwarded chain: each forwarded message that was itself a forward hands on to the one inside it.</summary>
    private static EmailAddress? OriginalAuthor(EmailReading email)
    {
        var author = email.Thread.FirstForwardedAuthor;
        var blocks = email.Thread.HeaderBlocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (i == 0)
            {
                author = blocks[0].From ?? author;
            }

            if (!ForwardSubject().IsMatch(blocks[i].Subject ?? string.Empty) || i + 1 >= blocks.Count)
            {
                break;
            }

            author = blocks[i + 1].From ?? author;
        }

        return author is not null && MachineAddress.IsMachine(author) ? null : author;
    }

    private static EmailAddress? AttachedMessageAuthor(EmailReading email)
    {
        var attached = email.Message.BodyParts.Take(50).OfType<MimeKit.MessagePart>().FirstOrDefault(p => p.Message is not null);
        var address = attached?.Message?.From.Mailboxes.FirstOrDefault()?.Address;
        return EmailAddress.TryParse(address, out var author) && !MachineAddress.IsMachine(author) ? author : null;
    }

    /// <summary>"Sam Patel - Attendance Officer", "Sam Patel, DSL": the name without the role or address after it (a hyphen inside a name stays).</summary>
    internal static string NameAlone(string value) =>
        RoleAfterName().Split(value, 2)[0].Trim();

    [GeneratedRegex(@"\s[-–—]\s|\s*[/,;(]\s*|\s+[A-Za-z0-9._%+'\-]+@", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex RoleAfterName();

    internal static EmailAddress? Address(string text) =>
        EmailIn().Match(text) is { Success: true } match && EmailAddress.TryParse(match.Value.TrimEnd('.'), out var address) ? address : null;

    [GeneratedRegex(@"^\s*(fw|fwd|wg|tr)\s*:", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ForwardSubject();

    [GeneratedRegex(@"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    internal static partial Regex EmailIn();
}
