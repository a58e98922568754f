using Cme.Core.Calendar;
using FsCheck;
using FsCheck.Xunit;

namespace Cme.Core.Tests.Calendar;

/// <summary>Laws that hold for every start date and count inside Hertfordshire's covered years.</summary>
public sealed class SchoolCalendarProperties
{
    private static readonly SchoolCalendar Herts = ShippedProfiles.Hertfordshire.Calendar;

    // Start dates from 1 Sep 2024 up to mid-March 2027, so n ≤ 60 school days stays inside the data.
    private static readonly DateOnly First = new(2024, 9, 1);
    private const int Span = 920;

    private static DateOnly From(NonNegativeInt offset) => First.AddDays(offset.Get % Span);

    private static int Count(PositiveInt n) => ((n.Get - 1) % 60) + 1;

    [Property]
    public bool The_result_is_always_a_school_day(NonNegativeInt offset, PositiveInt n) =>
        Herts.IsSchoolDay(Herts.AddSchoolDays(From(offset), Count(n)));

    [Property]
    public bool The_result_is_always_strictly_after_the_start(NonNegativeInt offset, PositiveInt n) =>
        Herts.AddSchoolDays(From(offset), Count(n)) > From(offset);

    [Property]
    public bool More_school_days_never_give_an_earlier_date(NonNegativeInt offset, PositiveInt n) =>
        Herts.AddSchoolDays(From(offset), Count(n)) < Herts.AddSchoolDays(From(offset), Count(n) + 1);

    [Property]
    public bool Counting_back_gives_the_number_added(NonNegativeInt offset, PositiveInt n) =>
        Herts.SchoolDaysBetween(From(offset), Herts.AddSchoolDays(From(offset), Count(n))) == Count(n);

    [Property]
    public bool Adding_in_two_steps_is_adding_once(NonNegativeInt offset, PositiveInt a, PositiveInt b)
    {
        var from = From(offset);
        var (first, second) = (Count(a) % 30 + 1, Count(b) % 30 + 1);
        return Herts.AddSchoolDays(Herts.AddSchoolDays(from, first), second) == Herts.AddSchoolDays(from, first + second);
    }

    [Property]
    public bool A_later_start_never_gives_an_earlier_deadline(NonNegativeInt offset, NonNegativeInt later, PositiveInt n)
    {
        var from = From(offset);
        var laterFrom = from.AddDays(later.Get % 14);
        return laterFrom.DayNumber - First.DayNumber >= Span || Herts.AddSchoolDays(from, Count(n)) <= Herts.AddSchoolDays(laterFrom, Count(n));
    }
}
