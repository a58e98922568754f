using Cme.Core.Intake;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// A risk factor counts only when the email states it present: a form row answered Yes (in a grid,
/// only the row marked Yes), or a sentence that says so. A negation never counts, and neither does a
/// factor named in a heading or a job title, which answers nothing about the child.
/// </summary>
public sealed class RiskFactorReaderTests
{
    private static IReadOnlyList<RiskFactor> FactorsIn(string text) => RiskFactorReader.Read(Form.Read(text), text);

    [Theory]
    [InlineData("Child protection plan: Yes", RiskFactor.ChildProtectionPlan)] // the form's own question, answered Yes
    [InlineData("Child in Need: Y", RiskFactor.ChildInNeed)] // Y for Yes
    [InlineData("SEND: Yes - EHCP in place", RiskFactor.Send)] // an acronym as the label
    [InlineData("☒ Looked after child", RiskFactor.LookedAfter)] // a ticked box
    [InlineData("Is the child subject to a Child Protection Plan?\nYes", RiskFactor.ChildProtectionPlan)] // a question above its answer
    [InlineData("Social care involvement: Yes – Child in Need plan open", RiskFactor.ChildInNeed)] // the answer names the factor
    public void A_form_row_answered_Yes_states_its_factor(string form, RiskFactor factor)
    {
        Assert.Contains(factor, FactorsIn(form));
    }

    [Theory]
    [InlineData("Child protection plan: No")] // answered No
    [InlineData("Child in need: Not known")] // not known is not present
    [InlineData("EHCP: N/A")] // not applicable
    [InlineData("Early help: ")] // unanswered
    [InlineData("☐ Looked after child")] // an empty box
    [InlineData("Is the child subject to a Child Protection Plan?\nNo")] // a question above its No
    public void A_form_row_answered_anything_but_Yes_states_nothing(string form)
    {
        Assert.Empty(FactorsIn(form));
    }

    [Fact]
    public void In_a_Yes_No_grid_only_the_rows_marked_Yes_count()
    {
        var reading = new TestEmail("CME referral", """
            <table>
              <tr><td></td><th>Yes</th><th>No</th><th>Unknown</th></tr>
              <tr><td>Child protection plan</td><td></td><td>X</td><td></td></tr>
              <tr><td>Child in need</td><td>X</td><td></td><td></td></tr>
              <tr><td>Early help</td><td></td><td></td><td>X</td></tr>
              <tr><td>Looked after child</td><td></td><td>X</td><td></td></tr>
            </table>
            """)
        {
            ContentType = "text/html; charset=utf-8",
        }.Read();

        Assert.Equal([RiskFactor.ChildInNeed], RiskFactorReader.Read(reading.Form, reading.Everything));
    }

    [Fact]
    public void In_a_plain_text_grid_only_the_rows_marked_Yes_count()
    {
        var reading = new TestEmail("CME referral", """
            Concerns                  Yes   No    Unknown
            Child protection plan      X
            Domestic abuse                   X
            Early help                             X
            """).Read();

        Assert.Equal([RiskFactor.ChildProtectionPlan], RiskFactorReader.Read(reading.Form, reading.Everything));
    }

    [Theory]
    [InlineData("She is subject to a child protection plan.", RiskFactor.ChildProtectionPlan)] // the factor drives the safeguarding fast path
    [InlineData("The family are living in temporary accommodation after being evicted.", RiskFactor.TemporaryAccommodation)] // where the family lives now
    [InlineData("He has an EHCP for speech and language.", RiskFactor.Send)] // an acronym in a sentence
    [InlineData("The children have been open to Early Help since March.", RiskFactor.EarlyHelp)] // open to a service
    [InlineData("Not known to CSC, but the family is open to Early Help.", RiskFactor.EarlyHelp)] // a negation ends at its clause
    [InlineData("Mum has been receiving support for her mental health.", RiskFactor.ParentalNeeds)] // a parent's needs, not the child's
    public void A_sentence_stating_a_factor_counts(string sentence, RiskFactor factor)
    {
        Assert.Equal([factor], FactorsIn(sentence));
    }

    [Theory]
    [InlineData("The family is not known to children's social care.")] // no factor and a negation
    [InlineData("There is no social care involvement.")] // the issue's own example
    [InlineData("She is not on a child protection plan.")] // the factor, denied
    [InlineData("He does not have an EHCP.")] // an acronym, denied
    [InlineData("There are no concerns about domestic abuse.")] // the negation several words before the factor
    [InlineData("Not known to Early Help or CIN.")] // one negation denying two factors
    [InlineData("No CP plan, no CIN.")] // terse notes
    public void A_negation_never_counts(string sentence)
    {
        Assert.Empty(FactorsIn(sentence));
    }

    [Theory]
    [InlineData("Safeguarding (CP plan, CIN, Early Help)")] // a form's heading
    [InlineData("Sam Patel\nGRT Education Officer\nWestbrook Primary School")] // a Traveller education officer is no Traveller child
    [InlineData("Sam Patel | SEND Coordinator | Westbrook Primary School")] // a SENCo's signature on one line
    [InlineData("Kind regards\nSam Patel\nChild Protection and Early Help Lead")] // a job title in a signature
    public void A_factor_named_in_a_heading_or_a_job_title_is_not_an_answer(string text)
    {
        Assert.Empty(FactorsIn(text));
    }

    [Theory]
    [InlineData("She was previously on a child protection plan, which ended in 2024.")] // past, and ended
    [InlineData("The family were open to Early Help until last year.")] // no longer open
    public void A_factor_that_has_ended_is_not_present(string sentence)
    {
        Assert.Empty(FactorsIn(sentence));
    }
}
