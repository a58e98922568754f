namespace Cme.Core.Census;

/// <summary>
/// The profile's settings for the DfE's termly CME return (<c>census</c> in the profile): the
/// census dates (the DfE publishes them each year, so they are configuration), the reasons the
/// return counts, and how many days before a census the weekly digest warns.
/// </summary>
public sealed record CensusSettings
{
    public static CensusSettings Default { get; } = new();

    /// <summary>The termly census dates, in order. Default: none (the digest then shows no next census).</summary>
    public IReadOnlyList<DateOnly> Dates { get; init; } = [];

    /// <summary>The DfE's reasons for CME. Default: the 20 labels published for 2025/26.</summary>
    public CmeReasonList Reasons { get; init; } = CmeReasonList.Default;

    /// <summary>The digest warns when the next census is this many days away or fewer. Default 14 (two weeks).</summary>
    public int WarningDays { get; init; } = 14;

    /// <summary>The first census date on or after a day, or null when the profile lists none.</summary>
    public DateOnly? NextOnOrAfter(DateOnly today) => Dates.Where(d => d >= today).Order().Cast<DateOnly?>().FirstOrDefault();

    /// <summary>The latest census date on or before a day, or null.</summary>
    public DateOnly? LatestOnOrBefore(DateOnly today) => Dates.Where(d => d <= today).Order().Cast<DateOnly?>().LastOrDefault();
}
