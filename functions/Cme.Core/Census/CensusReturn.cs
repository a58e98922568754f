using Cme.Core.Calendar;
using Cme.Core.Cases;
using Cme.Core.Children;

namespace Cme.Core.Census;

/// <summary>One cell of the return: a breakdown (Total, Sex, Year group, Duration, Reason), its value and the count.</summary>
public sealed record CensusCell(string Breakdown, string Value, int Count);

/// <summary>One child counted at the census, for the officer's working list (never sent to the DfE).</summary>
public sealed record CensusChild(CaseReference Reference, string Initials, Sex Sex, YearGroup? YearGroup, DateOnly BecameCme, DurationBand Duration, CmeReason Reason);

/// <summary>
/// The DfE's termly CME return at one census date, counted from the cases: how many children were
/// missing education on the census date, by sex, year group, duration and main reason (each
/// breakdown sums to the total), and how many were missing education at any time in the school
/// year. Pure: the caller reads the cases.
/// </summary>
public sealed record CensusReturn
{
    public const string Total = "Total";
    public const string SexBreakdown = "Sex";
    public const string YearGroupBreakdown = "Year group";
    public const string DurationBreakdown = "Duration";
    public const string ReasonBreakdown = "Reason";
    public const string AnyTimeBreakdown = "CME at any time in the school year";

    public required DateOnly CensusDate { get; init; }

    public required SchoolYear SchoolYear { get; init; }

    /// <summary>The children counted on the census date, by case reference.</summary>
    public required IReadOnlyList<CensusChild> Children { get; init; }

    /// <summary>Every cell of every breakdown, zero counts included, in the return's order.</summary>
    public required IReadOnlyList<CensusCell> Cells { get; init; }

    /// <summary>Cases whose reason is not in the profile's list (the list changed since it was recorded): counted under the reason they hold.</summary>
    public required IReadOnlyList<CaseReference> ReasonsNotInList { get; init; }

    /// <summary>Children missing education at any time from 1 September to 31 August of the census date's school year, on the cases held now.</summary>
    public required int AnyTimeInYear { get; init; }

    public int Counted => Children.Count;

    /// <summary>The cells of one breakdown.</summary>
    public IEnumerable<CensusCell> Breakdown(string name) => Cells.Where(c => c.Breakdown == name);

    /// <summary>
    /// Counts the return. A case is counted when it was open on the census date (opened on or before
    /// it, not closed on or before it) and the child was missing education that day (became CME on
    /// or before it, and had not stopped by it). Duration is the census date minus the day the child
    /// became CME. No sex counts as Unknown, no year group as Unknown, no reason as Not recorded.
    /// </summary>
    /// <exception cref="TermDataMissingException">The census date is in a school year the profile has no term dates for.</exception>
    public static CensusReturn Count(IEnumerable<Case> cases, DateOnly censusDate, SchoolCalendar calendar, TimeZoneInfo zone, CmeReasonList reasons)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(reasons);
        var year = SchoolYear.Containing(censusDate);
        if (!calendar.Covers(year))
        {
            throw new TermDataMissingException(calendar.Authority, year, calendar.TermDatesFile);
        }

        var all = cases.ToList();
        var counted = new List<CensusChild>();
        var notInList = new List<CaseReference>();
        foreach (var @case in all.Where(c => c.IsOpenOn(censusDate, zone) && c.IsCmeOn(censusDate, zone)).OrderBy(c => c.Reference.Year).ThenBy(c => c.Reference.Number))
        {
            var became = @case.BecameCme(zone);
            var reason = @case.Reason is null ? reasons.NotRecorded : reasons.Find(@case.Reason.Slug) ?? @case.Reason;
            if (@case.Reason is not null && reasons.Find(@case.Reason.Slug) is null)
            {
                notInList.Add(@case.Reference);
            }

            counted.Add(new CensusChild(
                @case.Reference,
                @case.Child.Initials,
                @case.Child.Sex ?? Sex.Unknown,
                @case.Child.YearGroup,
                became,
                DurationBands.Of(censusDate.DayNumber - became.DayNumber),
                reason));
        }

        var cells = new List<CensusCell> { new(Total, Total, counted.Count) };
        cells.AddRange(Enum.GetValues<Sex>().Select(s => new CensusCell(SexBreakdown, s.Label(), counted.Count(c => c.Sex == s))));
        cells.AddRange(YearGroup.All.Select(y => new CensusCell(YearGroupBreakdown, y.ToString(), counted.Count(c => c.YearGroup == y))));
        cells.Add(new CensusCell(YearGroupBreakdown, "Unknown", counted.Count(c => c.YearGroup is null)));
        cells.AddRange(DurationBands.All.Select(d => new CensusCell(DurationBreakdown, d.Label(), counted.Count(c => c.Duration == d))));
        cells.AddRange(reasons.All.Select(r => new CensusCell(ReasonBreakdown, r.Label, counted.Count(c => c.Reason.Slug.Equals(r.Slug, StringComparison.OrdinalIgnoreCase)))));
        cells.AddRange(counted.Where(c => reasons.Find(c.Reason.Slug) is null)
            .GroupBy(c => c.Reason.Label)
            .Select(g => new CensusCell(ReasonBreakdown, g.Key + " (not in the profile's list)", g.Count())));

        var anyTime = all.Count(c => c.BecameCme(zone) <= year.LastDay && (c.StoppedCme(zone) is not { } stopped || stopped > year.FirstDay));
        cells.Add(new CensusCell(AnyTimeBreakdown, year.ToString(), anyTime));

        return new CensusReturn
        {
            CensusDate = censusDate,
            SchoolYear = year,
            Children = counted,
            Cells = cells,
            ReasonsNotInList = notInList,
            AnyTimeInYear = anyTime,
        };
    }

    /// <summary>The breakdowns that do not sum to the total (none, when counted by <see cref="Count"/>): a check printed beside the figures.</summary>
    public IReadOnlyList<string> BreakdownsNotSummingToTotal() =>
        new[] { SexBreakdown, YearGroupBreakdown, DurationBreakdown, ReasonBreakdown }
            .Where(b => Breakdown(b).Sum(c => c.Count) != Counted)
            .ToList();
}
