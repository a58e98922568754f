namespace Cme.Core.Calendar;

/// <summary>
/// A question needed term dates the authority's calendar does not have. Never answered with a
/// guess: the message names the school year and where to add it.
/// </summary>
public sealed class TermDataMissingException(string authority, SchoolYear missingYear, string? termDatesFile)
    : Exception($"{authority} has no term dates for school year {missingYear}. " +
                $"Add that year's published term dates to {termDatesFile ?? "the profile's term-dates file"}; until then no date in it can be counted.")
{
    public string Authority { get; } = authority;

    public SchoolYear MissingYear { get; } = missingYear;
}
