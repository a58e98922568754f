using System.Globalization;
using System.Text.RegularExpressions;

namespace Cme.Core.Intake;

/// <summary>
/// Dates as written in UK email. Always day first: 03/04/2015 is 3 April. Accepts
/// <c>14/06/2016</c>, <c>22.07.17</c>, <c>3 November 2013</c>, <c>12th Jan 2026</c>,
/// <c>7th Sept 2017</c>, <c>Monday 12th January 2026</c>, ISO <c>2016-06-14</c>, and <c>12/1</c>
/// (no year: the nearest such date on or before the email's date). Two-digit years are 20yy.
/// </summary>
public static partial class UkDate
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["january"] = 1, ["feb"] = 2, ["february"] = 2, ["mar"] = 3, ["march"] = 3,
        ["apr"] = 4, ["april"] = 4, ["may"] = 5, ["jun"] = 6, ["june"] = 6, ["jul"] = 7, ["july"] = 7,
        ["aug"] = 8, ["august"] = 8, ["sep"] = 9, ["sept"] = 9, ["september"] = 9, ["oct"] = 10, ["october"] = 10,
        ["nov"] = 11, ["november"] = 11, ["dec"] = 12, ["december"] = 12,
    };

    /// <summary>Finds the first date in the text, or null.</summary>
    /// <param name="text">Text that may contain a date.</param>
    /// <param name="reference">The email's date: completes a date written without a year.</param>
    public static DateOnly? Find(string? text, DateOnly? reference = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (Match match in Any().Matches(text))
        {
            if (FromMatch(match, reference) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>The position just after the first date in the text, for reading what follows it.</summary>
    public static IEnumerable<(DateOnly Date, int Index)> FindAll(string text, DateOnly? reference = null)
    {
        foreach (Match match in Any().Matches(text))
        {
            if (FromMatch(match, reference) is { } date)
            {
                yield return (date, match.Index);
            }
        }
    }

    private static DateOnly? FromMatch(Match match, DateOnly? reference)
    {
        int day, month, year;
        if (match.Groups["iy"].Success)
        {
            (year, month, day) = (Int(match.Groups["iy"]), Int(match.Groups["im"]), Int(match.Groups["id"]));
        }
        else if (match.Groups["nm"].Success)
        {
            day = Int(match.Groups["nd"]);
            month = Int(match.Groups["nm"]);
            if (match.Groups["ny"].Success)
            {
                year = Year(match.Groups["ny"].Value);
            }
            else if (reference is { } r && match.Groups["sep"].Value == "/")
            {
                // "12/1" with no year: the nearest such date not far after the email.
                year = r.Year;
                if (IsValid(year, month, day) && new DateOnly(year, month, day) > r.AddDays(31))
                {
                    year--;
                }
            }
            else
            {
                return null;
            }
        }
        else
        {
            day = Int(match.Groups["wd"]);
            if (!Months.TryGetValue(match.Groups["wm"].Value.TrimEnd('.'), out month))
            {
                return null;
            }

            if (match.Groups["wy"].Success)
            {
                year = Year(match.Groups["wy"].Value);
            }
            else if (reference is { } r)
            {
                year = r.Year;
                if (IsValid(year, month, day) && new DateOnly(year, month, day) > r.AddDays(31))
                {
                    year--;
                }
            }
            else
            {
                return null;
            }
        }

        return IsValid(year, month, day) ? new DateOnly(year, month, day) : null;
    }

    private static bool IsValid(int year, int month, int day) =>
        year is >= 1990 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int Year(string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return text.Length == 2 ? 2000 + value : value;
    }

    private static int Int(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(
        @"(?<![\d/.-])(?:(?<iy>(?:19|20)\d{2})-(?<im>\d{1,2})-(?<id>\d{1,2})" +
        @"|(?<nd>\d{1,2})\s?(?<sep>[/.\-])\s?(?<nm>\d{1,2})(?:\s?[/.\-]\s?(?<ny>\d{4}|\d{2}))?(?![\d/]|\.\d)" +
        @"|(?<wd>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<wm>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?:,?\s+(?<wy>\d{4}|\d{2}))?(?!\d)" +
        // Month first ("November 3rd 2026", "Nov 3, 2026"), as some letters write it: only with a four-digit year, so "May 12 pupils" is no date.
        @"|\b(?<wm>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?<wd>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<wy>(?:19|20)\d{2})(?!\d))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex Any();
}
