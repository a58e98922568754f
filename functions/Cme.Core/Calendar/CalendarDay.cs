namespace Cme.Core.Calendar;

/// <summary>What one day is, for people reading a calendar.</summary>
public enum DayKind
{
    SchoolDay,
    Weekend,
    BankHoliday,
    SchoolHoliday,
}

/// <summary>A day and what it is; <see cref="Name"/> names the holiday, bank holiday or term.</summary>
public readonly record struct CalendarDay(DateOnly Date, DayKind Kind, string Name);

/// <summary>A term block: its first and last day, both inclusive.</summary>
public sealed record TermBlock(string Name, DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

/// <summary>A named school holiday (half term, Christmas, Easter, summer), both ends inclusive.</summary>
public sealed record SchoolHoliday(string Name, DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

/// <summary>An England-and-Wales bank holiday.</summary>
public sealed record BankHoliday(DateOnly Date, string Title);
