namespace Cme.Core.Deadlines;

/// <summary>A deadline the CME policies set on a case. Wire names are kebab-case (<c>on-roll</c>).</summary>
public enum DeadlineRule
{
    /// <summary>An in-year offer: the child must be on roll within the profile's school days of the offer.</summary>
    OnRoll,

    /// <summary>A no-show: the officer's enquiries are due for review.</summary>
    NoShowReview,

    /// <summary>A referral (or a removal from roll, or a declined place): the enquiries checklist is due for review.</summary>
    EnquiriesReview,

    /// <summary>A case still open a year on (a lost pupil, a pending home-education decision, anything unresolved): reviewed every anniversary.</summary>
    AnnualReview,
}

public static class DeadlineRules
{
    private static readonly Dictionary<DeadlineRule, (string Wire, string Title)> Names = new()
    {
        [DeadlineRule.OnRoll] = ("on-roll", "On roll after an in-year offer"),
        [DeadlineRule.NoShowReview] = ("no-show-review", "No-show enquiries review"),
        [DeadlineRule.EnquiriesReview] = ("enquiries-review", "Enquiries review"),
        [DeadlineRule.AnnualReview] = ("annual-review", "Annual case review"),
    };

    public static string WireName(this DeadlineRule rule) => Names[rule].Wire;

    /// <summary>How the rule is named to people, in notifications and listings.</summary>
    public static string Title(this DeadlineRule rule) => Names[rule].Title;

    public static bool TryParse(string? name, out DeadlineRule rule)
    {
        foreach (var (candidate, names) in Names)
        {
            if (string.Equals(names.Wire, name, StringComparison.OrdinalIgnoreCase))
            {
                rule = candidate;
                return true;
            }
        }

        rule = default;
        return false;
    }
}
