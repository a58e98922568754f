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
    /// <summary>
    /// The sender's name and role from the signature under the sign-off of their own words ("Kind
    /// regards" / "Mrs Priya Shah" / "Deputy Headteacher &amp; DSL", or "Jo Bloggs | Education Welfare
    /// Officer | Attendance Team"), when the form names nobody. A name is one to four capitalised
    /// words without digits or an office's words; a role is a short line with a job's word in it.
    /// </summary>
    internal static (string? Name, string? Role) Signature(string ownText)
    {
        if (ownText.Length == 0 || SignOff().Matches(ownText) is not { Count: > 0 } signOffs)
        {
            return (null, null);
        }

        var after = ownText[(signOffs[^1].Index + signOffs[^1].Length)..];
        var lines = after.Split('\n', 8).Take(7).Select(l => l.Trim()).Where(l => l.Length > 0).Take(3).ToList();
        if (lines.Count == 0)
        {
            return (null, null);
        }

        var parts = lines[0].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || SignatureName().Match(parts[0]) is not { Success: true } name || NotAPersonsName().IsMatch(name.Groups["name"].Value))
        {
            return (null, null);
        }

        var roleText = parts.Length > 1 ? parts[1] : lines.Count > 1 ? lines[1] : null;
        var role = roleText is { Length: <= 80 } && !roleText.Contains('@') && !roleText.Any(char.IsDigit) && JobWord().IsMatch(roleText) ? roleText : null;
        return (name.Groups["name"].Value, role);
    }

    [GeneratedRegex(@"^[ \t>]*(?:(?:kind|best|warm|many|with)\s+(?:regards|wishes|thanks)|regards|thanks(?: again)?|thank you|many thanks|best|cheers|yours (?:sincerely|faithfully))[ \t]*[,.!]?[ \t]*\r?$", RegexOptions.IgnoreCase | RegexOptions.Multiline, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"^(?:(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s+)?(?<name>\p{Lu}[\p{L}'’\-]*(?:\s+\p{Lu}[\p{L}'’\-]*){0,3})[,.]?$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SignatureName();

    [GeneratedRegex(@"\b(Team|Office|Service|Services|School|Academy|Primary|College|Council|Admissions|Attendance|Department|Trust|Nursery|Unit|Hub|Sent|iPhone|Android|Outlook|Mobile|Get|Confidential|Disclaimer|Email|Tel|Phone)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NotAPersonsName();

    [GeneratedRegex(@"\b(officer|lead|manager|head|headteacher|head teacher|teacher|DSL|DDSL|SENCO|worker|co-?ordinator|administrator|admin|assistant|advis[eo]r|practitioner|clerk|secretary|director|principal|mentor|nurse|caseworker|navigator|consultant|deputy|business manager|receptionist|social worker)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex JobWord();

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
