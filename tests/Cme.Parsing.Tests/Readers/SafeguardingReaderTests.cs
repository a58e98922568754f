namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// What decides the safeguarding fast path: significant concerns stated (a form's Yes, or a sentence
/// that states them, never one that denies them), and whether the child's whereabouts are known
/// (true, false, or not said at all).
/// </summary>
public sealed class SafeguardingReaderTests
{
    private static bool Concerns(string text) => SafeguardingReader.SignificantConcerns(Form.Read(text), text);

    private static bool? Whereabouts(string text) => SafeguardingReader.WhereaboutsKnown(Form.Read(text), text);

    [Theory]
    [InlineData("Significant safeguarding concerns: Yes", true)] // the form's question answered Yes
    [InlineData("Significant safeguarding concerns: Yes - police involved", true)] // Yes with a note
    [InlineData("Significant safeguarding concerns: No", false)] // answered No
    [InlineData("Significant safeguarding concerns: Not known", false)] // not known is not Yes
    [InlineData("There are significant concerns for her welfare since the family left.", true)] // stated in a sentence
    [InlineData("There are no significant concerns at this time.", false)] // denied in a sentence
    [InlineData("She has not attended since May.", false)] // nothing said
    public void Significant_concerns_are_stated_only_by_a_Yes_or_a_sentence_that_states_them(string text, bool stated)
    {
        Assert.Equal(stated, Concerns(text));
    }

    [Theory]
    [InlineData("Whereabouts known: No", false)] // the form's question answered No
    [InlineData("Current whereabouts: Unknown", false)] // answered unknown
    [InlineData("Current whereabouts: living with an aunt in Leeds", true)] // answered with a place
    [InlineData("The family's whereabouts are unknown.", false)] // in a sentence
    [InlineData("Their whereabouts are now known: they are staying in Leeds.", true)] // stated known in a sentence
    public void Whereabouts_are_known_only_when_the_email_says_so(string text, bool known)
    {
        Assert.Equal(known, Whereabouts(text));
    }

    [Fact]
    public void An_email_that_says_nothing_of_whereabouts_leaves_them_unsaid()
    {
        Assert.Null(Whereabouts("She has not attended since May."));
    }

    [Theory]
    [InlineData("We have concerns about CCE and county lines involvement.", true)] // criminal exploitation named
    [InlineData("Police believe she is at risk of CSE.", true)] // sexual exploitation named
    [InlineData("He was referred to the NRM as possibly trafficked.", true)] // trafficking
    [InlineData("Any concerns about exploitation should be raised with the DSL.", false)] // policy words, not a concern
    [InlineData("CSE: No\nCCE: No\nCounty lines: No", false)] // a form's questions answered No
    [InlineData("There are no concerns regarding CSE.", false)] // denied in a sentence
    [InlineData("He is not attending school and there is a risk of CCE.", true)] // a "not" elsewhere in the sentence denies nothing
    public void Exploitation_named_as_a_concern_is_a_significant_concern(string text, bool stated)
    {
        Assert.Equal(stated, Concerns(text));
    }
}
