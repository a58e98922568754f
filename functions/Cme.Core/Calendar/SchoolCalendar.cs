namespace Cme.Core.Calendar;

/// <summary>
/// One authority's school days: Monday to Friday, inside one of its term blocks, and not an
/// England-and-Wales bank holiday. Immutable; answers only for the school years its term data
/// covers, and throws <see cref="TermDataMissingException"/> naming the year for anything else.
/// </summary>
public sealed class SchoolCalendar
{
    private readonly int[] _schoolDays;
    private readonly HashSet<SchoolYear> _covered;
    private readonly Dictionary<DateOnly, BankHoliday> _bankHolidays;

    public SchoolCalendar(
        string authority,
        IEnumerable<SchoolYear> coveredYears,
        IEnumerable<TermBlock> terms,
        IEnumerable<SchoolHoliday> holidays,
        IEnumerable<BankHoliday> bankHolidays,
        string? termDatesFile = null)
    {
        Authority = authority;
        TermDatesFile = termDatesFile;
        _covered = coveredYears.ToHashSet();
        Terms = terms.OrderBy(t => t.Start).ToArray();
        Holidays = holidays.OrderBy(h => h.Start).ToArray();
        _bankHolidays = bankHolidays.ToDictionary(b => b.Date);

        foreach (var term in Terms)
        {
            if (term.End < term.Start)
            {
                throw new ArgumentException($"{authority}: term '{term.Name}' ends ({term.End:yyyy-MM-dd}) before it starts ({term.Start:yyyy-MM-dd}).");
            }

            if (!_covered.Contains(SchoolYear.Containing(term.Start)) || !_covered.Contains(SchoolYear.Containing(term.End)))
            {
                throw new ArgumentException($"{authority}: term '{term.Name}' ({term.Start:yyyy-MM-dd} to {term.End:yyyy-MM-dd}) lies outside the school years the calendar covers.");
            }
        }

        _schoolDays = Terms
            .SelectMany(term => Enumerable.Range(term.Start.DayNumber, term.End.DayNumber - term.Start.DayNumber + 1))
            .Distinct()
            .Select(DateOnly.FromDayNumber)
            .Where(day => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_bankHolidays.ContainsKey(day))
            .Select(day => day.DayNumber)
            .Order()
            .ToArray();
    }

    public string Authority { get; }

    public string? TermDatesFile { get; }

    public IReadOnlyList<TermBlock> Terms { get; }

    public IReadOnlyList<SchoolHoliday> Holidays { get; }

    /// <summary>The school years this calendar can answer for, earliest first.</summary>
    public IReadOnlyList<SchoolYear> CoveredYears => _covered.Order().ToArray();

    /// <summary>The last day this calendar can answer for (31 August of its last covered year), or null when it covers nothing.</summary>
    public DateOnly? CoveredUntil => _covered.Count == 0 ? null : _covered.Max().LastDay;

    public bool Covers(SchoolYear year) => _covered.Contains(year);

    /// <summary>Whether the date is a school day. Throws when the date's school year has no term data.</summary>
    public bool IsSchoolDay(DateOnly date)
    {
        EnsureCovered(SchoolYear.Containing(date));
        return Array.BinarySearch(_schoolDays, date.DayNumber) >= 0;
    }

    /// <summary>
    /// The date of the <paramref name="n"/>-th school day strictly after <paramref name="from"/>.
    /// <paramref name="from"/> itself never counts, whatever kind of day it is: ten school days
    /// after a Friday offer is the second Friday after it in a plain term fortnight.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    /// <exception cref="TermDataMissingException">Counting reaches a school year with no term data.</exception>
    public DateOnly AddSchoolDays(DateOnly from, int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The number of school days to add must be 1 or more.");
        }

        var first = FirstIndexAfter(from);
        var target = first + n - 1;
        if (target >= _schoolDays.Length)
        {
            throw new TermDataMissingException(Authority, FirstUncoveredFrom(SchoolYear.Containing(from.AddDays(1))), TermDatesFile);
        }

        var result = DateOnly.FromDayNumber(_schoolDays[target]);
        EnsureCoveredBetween(from.AddDays(1), result);
        return result;
    }

    /// <summary>
    /// The date of the <paramref name="n"/>-th school day strictly before <paramref name="before"/>:
    /// a reminder "two school days before" a Monday deadline goes out on the Thursday.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    /// <exception cref="TermDataMissingException">Counting reaches a school year with no term data.</exception>
    public DateOnly SubtractSchoolDays(DateOnly before, int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The number of school days to subtract must be 1 or more.");
        }

        var index = Array.BinarySearch(_schoolDays, before.DayNumber);
        var firstBefore = (index >= 0 ? index : ~index) - 1;
        var target = firstBefore - (n - 1);
        if (target < 0)
        {
            throw new TermDataMissingException(Authority, _covered.Count == 0 ? SchoolYear.Containing(before) : _covered.Min().Previous, TermDatesFile);
        }

        var result = DateOnly.FromDayNumber(_schoolDays[target]);
        EnsureCoveredBetween(result, before.AddDays(-1));
        return result;
    }

    /// <summary>
    /// The number of school days strictly after <paramref name="from"/> up to and including
    /// <paramref name="to"/>, so that <c>SchoolDaysBetween(d, AddSchoolDays(d, n)) == n</c>.
    /// Negative when <paramref name="to"/> is before <paramref name="from"/>.
    /// </summary>
    public int SchoolDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -SchoolDaysBetween(to, from);
        }

        if (to == from)
        {
            return 0;
        }

        EnsureCoveredBetween(from.AddDays(1), to);
        return FirstIndexAfter(to) - FirstIndexAfter(from);
    }

    /// <summary>What a day is (school day, weekend, bank holiday or which holiday), for calendars people read.</summary>
    public CalendarDay Describe(DateOnly date)
    {
        EnsureCovered(SchoolYear.Containing(date));
        if (_bankHolidays.TryGetValue(date, out var bankHoliday))
        {
            return new CalendarDay(date, DayKind.BankHoliday, bankHoliday.Title);
        }

        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return new CalendarDay(date, DayKind.Weekend, date.DayOfWeek.ToString());
        }

        if (Terms.FirstOrDefault(t => t.Contains(date)) is { } term)
        {
            return new CalendarDay(date, DayKind.SchoolDay, term.Name);
        }

        var holiday = Holidays.FirstOrDefault(h => h.Contains(date))?.Name
            ?? (date.Month is 7 or 8 or 9 ? "Summer holiday" : "School holiday");
        return new CalendarDay(date, DayKind.SchoolHoliday, holiday);
    }

    private int FirstIndexAfter(DateOnly date)
    {
        var index = Array.BinarySearch(_schoolDays, date.DayNumber);
        return index >= 0 ? index + 1 : ~index;
    }

    private void EnsureCovered(SchoolYear year)
    {
        if (!_covered.Contains(year))
        {
            throw new TermDataMissingException(Authority, year, TermDatesFile);
        }
    }

    private void EnsureCoveredBetween(DateOnly first, DateOnly last)
    {
        for (var year = SchoolYear.Containing(first); year.CompareTo(SchoolYear.Containing(last)) <= 0; year = year.Next)
        {
            EnsureCovered(year);
        }
    }

    private SchoolYear FirstUncoveredFrom(SchoolYear year)
    {
        while (_covered.Contains(year))
        {
            year = year.Next;
        }

        return year;
    }
}
