using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Deadlines;
using Cme.Core.Intake;

namespace Cme.Core.Tests.Commands;

public sealed class CaseCommandsTests
{
    private static readonly DeadlineSchedule Schedule = new(ShippedProfiles.Hertfordshire);
    private static readonly DeadlinePlanner Planner = new(Schedule);
    private static readonly DateTimeOffset Opened = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Opened.AddDays(8);

    private static (Case Case, IReadOnlyList<Deadline> Deadlines) Referral()
    {
        var @case = Case.Open(CaseReference.Create(2026, 7), EmailKind.Referral, Opened, new ChildDetails("Ada", "Invented", null, null, null, null, null, null), new CaseRouting("west", null, null), EmailAddress("school@example.org"), []);
        var plan = Planner.ForEmail(@case, true, [], EmailKind.Referral, Opened, null);
        return (plan.Case, plan.Deadlines);
    }

    private static Core.Mail.EmailAddress EmailAddress(string value) => Core.Mail.EmailAddress.Parse(value);

    private static CommandResult Apply(OfficerCommand command, (Case Case, IReadOnlyList<Deadline> Deadlines) state) =>
        CaseCommands.Apply(state.Case, state.Deadlines, command, Later, DateOnly.FromDateTime(Later.UtcDateTime), Schedule, ShippedProfiles.Hertfordshire.Deadlines.EnquiriesChecklist);

    [Theory]
    [InlineData("#located", "located and in education")]
    [InlineData("#socialcare", "passed to Children's Social Care")]
    [InlineData("#close moved to Wales, confirmed by Cardiff CME", "moved to Wales, confirmed by Cardiff CME")]
    [InlineData("#onroll Oakfield Primary 2026-01-19", "on roll at Oakfield Primary from 19 January 2026")]
    public void An_outcome_closes_the_case_and_meets_every_deadline(string line, string outcome)
    {
        var result = Apply(OfficerCommand.Read(line).Command!, Referral());

        Assert.Equal(CaseStatus.Closed, result.Case!.Status);
        Assert.Equal(outcome, result.Case.Outcome);
        Assert.Equal(outcome, result.ClosedWith);
        Assert.All(result.Deadlines, d => Assert.False(d.IsOpen));
        Assert.Equal(2, result.Deadlines.Count);
    }

    [Fact]
    public void A_lost_pupil_stays_open_for_its_annual_review_with_the_enquiries_met()
    {
        var result = Apply(new OfficerCommand.LostPupil(), Referral());

        Assert.Equal(CaseStatus.Open, result.Case!.Status);
        Assert.Contains(CaseFlag.LostPupil, result.Case.Flags);
        Assert.Equal(DeadlineRule.EnquiriesReview, Assert.Single(result.Deadlines).Rule);
        Assert.Contains("lost pupils database", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Done_ticks_a_checklist_item_by_its_id_or_an_unambiguous_start()
    {
        var state = Referral();
        var first = Apply(new OfficerCommand.Done("housing"), state);
        var second = Apply(new OfficerCommand.Done("cross"), (first.Case!, first.Deadlines));

        Assert.Equal(["cross-border", "housing"], second.Deadlines.Single().ChecklistDone.Order());
        Assert.Contains("8 of 10 still to do", second.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Done_with_an_unknown_item_is_refused_and_lists_the_items()
    {
        var result = Apply(new OfficerCommand.Done("paperwork"), Referral());

        Assert.False(result.Applied);
        Assert.Contains("records, social-care, police", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Reviewed_meets_this_years_review_and_starts_next_years()
    {
        var result = Apply(new OfficerCommand.Reviewed(), Referral());

        Assert.Equal([(1, false), (2, true)], result.Deadlines.Select(d => (d.Sequence, d.IsOpen)));
        Assert.Equal(new DateOnly(2028, 1, 12), result.Deadlines[1].DueOn);
    }

    [Fact]
    public void A_closed_case_refuses_commands()
    {
        var closed = Apply(new OfficerCommand.Located(), Referral());

        var again = Apply(new OfficerCommand.SocialCare(), (closed.Case!, closed.Deadlines));

        Assert.False(again.Applied);
        Assert.Contains("is closed", again.Summary, StringComparison.Ordinal);
    }
}
