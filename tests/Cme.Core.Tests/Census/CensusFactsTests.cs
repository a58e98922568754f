using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Commands;
using Cme.Core.Deadlines;
using Cme.Core.Intake;

namespace Cme.Core.Tests.Census;

public sealed class CensusFactsTests
{
    private static readonly DeadlineSchedule Schedule = new(ShippedProfiles.Hertfordshire);
    private static readonly TimeZoneInfo London = ShippedProfiles.Hertfordshire.TimeZone;
    private static readonly DateTimeOffset Opened = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 10, 20);

    private static Case Open() => Case.Open(CaseReference.Create(2026, 3), EmailKind.Referral, Opened, new ChildDetails("Ada", "Invented", null, null, null, null, null, null), new CaseRouting("west", null, null), null, []);

    private static CommandResult Apply(Case @case, string line)
    {
        var reading = OfficerCommand.Read(line);
        Assert.True(reading.Command is not null, reading.Problem);
        return CaseCommands.Apply(@case, [], reading.Command, Later, Today, Schedule, ShippedProfiles.Hertfordshire.Deadlines.EnquiriesChecklist, ShippedProfiles.Hertfordshire.Census.Reasons);
    }

    [Theory]
    [InlineData("f", Sex.Female)]
    [InlineData("Female", Sex.Female)]
    [InlineData("girl", Sex.Female)]
    [InlineData("M", Sex.Male)]
    [InlineData("boy", Sex.Male)]
    [InlineData("u", Sex.Unknown)]
    [InlineData("not known", Sex.Unknown)]
    public void Sex_is_read_as_forms_and_officers_write_it(string text, Sex expected)
    {
        Assert.True(Sexes.TryParse(text, out var sex));
        Assert.Equal(expected, sex);
    }

    [Theory]
    [InlineData("R", "Reception")]
    [InlineData("Reception", "Reception")]
    [InlineData("7", "Year 7")]
    [InlineData("Year 7", "Year 7")]
    [InlineData("Y11", "Year 11")]
    [InlineData("NC Year 1", "Year 1")]
    public void A_year_group_is_read_as_forms_and_officers_write_it(string text, string expected)
    {
        Assert.True(YearGroup.TryParse(text, out var year));
        Assert.Equal(expected, year.Value.ToString());
    }

    [Theory]
    [InlineData("0")] // Reception is written R
    [InlineData("12")] // sixth form is not compulsory school age
    [InlineData("Nursery")]
    [InlineData("seven")]
    public void A_year_group_outside_Reception_to_Year_11_is_not_read(string text) =>
        Assert.False(YearGroup.TryParse(text, out _));

    [Fact]
    public void Each_fact_command_changes_the_case()
    {
        var @case = Open();
        @case = Apply(@case, "#reason moved-in-from-another-la").Case!;
        @case = Apply(@case, "#sex f").Case!;
        @case = Apply(@case, "#year 7").Case!;
        @case = Apply(@case, "#cmesince 2026-10-03").Case!;

        Assert.Equal("Moved in from another local authority", @case.Reason!.Label);
        Assert.Equal(Sex.Female, @case.Child.Sex);
        Assert.Equal(YearGroup.Year(7), @case.Child.YearGroup);
        Assert.Equal(new DateOnly(2026, 10, 3), @case.BecameCme(London));
        Assert.Equal(CaseStatus.Open, @case.Status);
    }

    [Fact]
    public void The_became_CME_date_defaults_to_the_day_the_case_opened() =>
        Assert.Equal(new DateOnly(2026, 10, 5), Open().BecameCme(London));

    [Fact]
    public void An_unknown_reason_is_refused_listing_the_reasons_to_type()
    {
        var result = Apply(Open(), "#reason moved-away");

        Assert.False(result.Applied);
        Assert.Contains("'moved-away' is not one of the DfE's reasons", result.Summary, StringComparison.Ordinal);
        Assert.Contains("moved-in-from-another-la", result.Summary, StringComparison.Ordinal);
        Assert.Contains("waiting-school-start", result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#year 14", "'14' is not a year group the return counts; type #year followed by R (Reception) or a year from 1 to 11")]
    [InlineData("#sex x", "'x' is not a sex the return counts; type #sex followed by f (female), m (male) or u (unknown)")]
    [InlineData("#cmesince 2026-13-03", "'2026-13-03' is not a date; type the day the child became missing education as YYYY-MM-DD or DD/MM/YYYY")]
    [InlineData("#cmesince", "#cmesince needs the day the child became missing education")]
    [InlineData("#reason", "#reason needs the DfE reason's short name")]
    [InlineData("#sex", "#sex needs the child's sex: f (female), m (male) or u (unknown), e.g. #sex f")]
    [InlineData("#year", "#year needs the child's year group: R (Reception) or a year from 1 to 11, e.g. #year 7 or #year R")]
    public void A_fact_command_that_cannot_be_read_says_what_to_type(string line, string problem) =>
        Assert.StartsWith(problem, OfficerCommand.Read(line).Problem, StringComparison.Ordinal);

    [Fact]
    public void A_became_date_in_the_future_is_refused() =>
        Assert.Contains("is after today (2026-10-20)", Apply(Open(), "#cmesince 2026-10-21").Summary, StringComparison.Ordinal);

    [Fact]
    public void Closing_ends_the_CME_period_on_the_day_and_on_roll_on_the_start_date()
    {
        Assert.Equal(Today, Apply(Open(), "#located").Case!.StoppedCmeOn);
        Assert.Equal(new DateOnly(2026, 11, 2), Apply(Open(), "#onroll Oakfield Primary 2026-11-02").Case!.StoppedCmeOn);
    }

    [Fact]
    public void Facts_may_be_corrected_on_a_closed_case_but_outcomes_may_not()
    {
        var closed = Apply(Open(), "#located").Case!;

        Assert.Equal(YearGroup.Year(3), Apply(closed, "#year 3").Case!.Child.YearGroup);
        Assert.False(Apply(closed, "#located").Applied);
    }

    [Fact]
    public void A_stop_before_the_child_became_CME_is_refused_naming_both_dates()
    {
        var @case = Apply(Open(), "#cmesince 2026-10-10").Case!;

        var result = Apply(@case, "#cmeuntil 2026-10-08");

        Assert.False(result.Applied);
        Assert.Contains("became missing education on 2026-10-10, so cannot have stopped on 2026-10-08", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_became_date_after_the_stop_is_refused_naming_both_dates()
    {
        var closed = Apply(Open(), "#located").Case!; // stopped 2026-10-20

        var error = Assert.Throws<CaseTransitionException>(() => closed.CorrectBecameCme(new DateOnly(2026, 10, 25), Later, London));

        Assert.Contains("stopped being missing education on 2026-10-20, so cannot have become missing education on 2026-10-25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_email_fills_a_missing_sex_but_never_overwrites_an_officers()
    {
        var @case = Apply(Open(), "#sex m").Case!;

        var attached = @case.Attach(Later, ChildDetails.Unknown with { Sex = Sex.Female, YearGroup = YearGroup.Year(4) }, []);

        Assert.Equal(Sex.Male, attached.Child.Sex);
        Assert.Equal(YearGroup.Year(4), attached.Child.YearGroup);
    }
}
