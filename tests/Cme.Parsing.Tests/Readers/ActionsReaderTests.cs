namespace Cme.Parsing.Tests.Readers;

/// <summary>What the referrer has already done: the form's answer as written, or the sentences that report calls, letters and visits.</summary>
public sealed class ActionsReaderTests
{
    private static string? ActionsIn(string text) => ActionsReader.Read(Form.Read(text), text);

    [Fact]
    public void The_forms_answer_is_taken_as_written()
    {
        Assert.Equal("Home visit 12/05, first-day calling, letter sent", ActionsIn("Actions taken: Home visit 12/05, first-day calling, letter sent\nOther notes: none"));
    }

    [Fact]
    public void Without_an_answer_the_sentences_reporting_calls_letters_and_visits_are_taken()
    {
        var actions = ActionsIn("She has not attended since 1 May. We rang mum three times. A letter was sent on 5 May. The weather has been poor.");

        Assert.Equal("We rang mum three times. A letter was sent on 5 May.", actions);
    }

    [Fact]
    public void A_sentence_wrapped_over_two_lines_is_one_sentence()
    {
        var actions = ActionsIn("The attendance officer visited the\nhome on 6 May and nobody answered.\n\nShe is a lovely girl.");

        Assert.Equal("The attendance officer visited the home on 6 May and nobody answered.", actions);
    }

    [Fact]
    public void An_email_reporting_no_action_has_none()
    {
        Assert.Null(ActionsIn("She has not attended since 1 May."));
    }

    [Fact]
    public void A_very_long_answer_is_cut_to_a_thousand_characters()
    {
        Assert.Equal(1000, ActionsIn("Actions taken: " + string.Concat(Enumerable.Repeat("Rang mum. ", 200)))!.Length);
    }
}
