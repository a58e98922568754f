namespace Cme.Core.Census;

/// <summary>
/// How long a child had been missing education on the census date, in the DfE's bands. Each band
/// includes its lower bound and excludes its upper: 14 days is "2 to 4 weeks", 364 days (52 weeks
/// exactly) is "Over 52 weeks".
/// </summary>
public enum DurationBand
{
    LessThan2Weeks,
    From2To4Weeks,
    From4To8Weeks,
    From8To12Weeks,
    From12To26Weeks,
    From26To52Weeks,
    Over52Weeks,
    Unknown,
}

public static class DurationBands
{
    public static IReadOnlyList<DurationBand> All { get; } = Enum.GetValues<DurationBand>();

    /// <summary>The band for a number of calendar days missing (census date minus the date the child became CME).</summary>
    public static DurationBand Of(int days) => days switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(days), days, "A child counted at a census became CME on or before it."),
        < 14 => DurationBand.LessThan2Weeks,
        < 28 => DurationBand.From2To4Weeks,
        < 56 => DurationBand.From4To8Weeks,
        < 84 => DurationBand.From8To12Weeks,
        < 182 => DurationBand.From12To26Weeks,
        < 364 => DurationBand.From26To52Weeks,
        _ => DurationBand.Over52Weeks,
    };

    /// <summary>The DfE's label.</summary>
    public static string Label(this DurationBand band) => band switch
    {
        DurationBand.LessThan2Weeks => "Less than 2 weeks",
        DurationBand.From2To4Weeks => "2 to 4 weeks",
        DurationBand.From4To8Weeks => "4 to 8 weeks",
        DurationBand.From8To12Weeks => "8 to 12 weeks",
        DurationBand.From12To26Weeks => "12 to 26 weeks",
        DurationBand.From26To52Weeks => "26 to 52 weeks",
        DurationBand.Over52Weeks => "Over 52 weeks",
        _ => "Unknown",
    };
}
