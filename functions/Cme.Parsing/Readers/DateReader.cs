using System.Text.RegularExpressions;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>
/// The dates a report turns on: when the child last attended, the agreed start date (only for a
/// no-show, an offer or an on-roll confirmation) and the offer date. UK day-first always; a date
/// without a year is completed from the email's own date.
/// </summary>
internal static partial class DateReader
{
    public static DateOnly? LastAttended(EmailReading email) =>
        email.Form.ChildDate(email.Reference, Labels.LastAttended, LabelMeaning.LastAttended()) ?? Cued(LastAttendedCue(), email.Everything, email.Reference);

    public static DateOnly? Start(EmailReading email, EmailKind kind) =>
        kind is EmailKind.NoShow or EmailKind.InYearOffer or EmailKind.OnRollConfirmation
            ? email.Form.ChildDate(email.Reference, Labels.StartDate, LabelMeaning.StartDate()) ?? Cued(StartCue(), email.Everything, email.Reference)
                ?? (kind == EmailKind.OnRollConfirmation ? StartedToday(email) : null)
            : null;

    public static DateOnly? Offer(EmailReading email, EmailKind kind) =>
        kind == EmailKind.InYearOffer ? email.Form.Date(email.Reference, Labels.OfferDate) : null;

    /// <summary>"She started with us today": the day the email was sent.</summary>
    private static DateOnly? StartedToday(EmailReading email) =>
        StartedTodayWords().IsMatch(email.OwnText) ? email.Reference : null;

    private static DateOnly? Cued(Regex cue, string text, DateOnly? reference)
    {
        foreach (Match match in cue.Matches(text))
        {
            if (UkDate.Find(match.Groups["rest"].Value, reference) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:last (?:attended|in school|seen (?:in|at) school|day (?:of attendance|in school|attended)|attendance|date of attendance|date attended)|not (?:attended|been (?:in|to) school)[^.\n]{0,40}?since|has not been in school since|absent since|not been seen (?:in school )?since|not attended since|was last (?:at|in|seen at) [^.\n]{0,60}? on)(?<rest>(?:[^.\n]|\.(?=\d)){0,60})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LastAttendedCue();

    [GeneratedRegex(@"\b(?:start(?:ing)? date|due to (?:start|begin)|expected to (?:start|begin)|to start on|started(?: with us)?|will start|start on|joined(?: us)?|admitted on|admission date|first day(?: was| will be)?|commenced(?: with us)?(?: on)?|(?:attending|on (?:our |the )?roll|admitted)(?: [^.\n]{0,40}?)? (?:since|from|as of|on))(?<rest>(?:[^.\n]|\.(?=\d)){0,60})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex StartCue();

    [GeneratedRegex(@"\b(started|joined|admitted|commenced|began)\b[^.\n]{0,40}\btoday\b|\btoday\b[^.\n]{0,30}\b(started|joined|first day)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex StartedTodayWords();
}
