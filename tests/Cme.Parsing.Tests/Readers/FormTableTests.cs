namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// A form laid out as a table reads as <c>label: value</c> lines however it pairs them: side by side,
/// two pairs to a row, a row of labels above a row of values, or questions against Yes / No / Unknown
/// columns where the marked column is the answer.
/// </summary>
public sealed class FormTableTests
{
    private static FormTable.Row Row(params string[] cells) => new(cells.Select(c => new FormTable.Cell(c, false)).ToList());

    private static string[] Lines(params FormTable.Row[] rows) => FormTable.ToText(rows).Split('\n');

    [Fact]
    public void A_label_beside_its_value_reads_as_label_and_value()
    {
        Assert.Equal(["Surname: Quinn", "Date of birth: 04/02/2016"], Lines(Row("Surname:", "Quinn"), Row("Date of birth", "04/02/2016")));
    }

    [Fact]
    public void Two_pairs_in_a_row_read_as_two_answers()
    {
        Assert.Equal(["Surname: Quinn", "First name: Ellie-Mae"], Lines(Row("Surname", "Quinn", "First name", "Ellie-Mae")));
    }

    [Fact]
    public void A_row_of_labels_above_a_row_of_values_pairs_each_column()
    {
        var lines = Lines(
            Row("Surname", "First name", "Date of birth", "Year group"),
            Row("Quinn", "Ellie-Mae", "04/02/2016", "Year 5"));

        Assert.Equal(["Surname: Quinn", "First name: Ellie-Mae", "Date of birth: 04/02/2016", "Year group: Year 5"], lines);
    }

    [Fact]
    public void Cells_that_already_hold_label_and_value_are_kept_as_they_are()
    {
        Assert.Equal(["Surname: Quinn", "First name: Ellie-Mae"], Lines(Row("Surname: Quinn", "First name: Ellie-Mae")));
    }

    [Fact]
    public void In_a_Yes_No_grid_the_marked_column_is_the_answer()
    {
        var lines = Lines(
            Row("", "Yes", "No", "Unknown"),
            Row("Child protection plan", "", "X", ""), // marked No
            Row("Early help", "✓", "", ""), // marked Yes with a tick
            Row("Child in need", "", "", "x")); // marked Unknown

        Assert.Equal(["Child protection plan: No", "Early help: Yes", "Child in need: Unknown"], lines);
    }

    [Fact]
    public void A_grid_row_marked_twice_is_unclear_and_one_left_unmarked_is_unanswered()
    {
        var lines = Lines(
            Row("", "Yes", "No"),
            Row("Looked after child", "X", "X"),
            Row("SEND", "", ""));

        Assert.Equal(["Looked after child: unclear", "SEND: "], lines);
    }

    [Theory]
    [InlineData("Date of birth:")] // a child's field, with its colon
    [InlineData("Surname*")] // a required field's star
    [InlineData("Child protection plan")] // a risk factor's question
    [InlineData("Referrer email")] // the referrer's field, not the child's
    public void A_field_label_is_recognised_as_a_label(string text)
    {
        Assert.True(FormTable.IsLabel(text));
    }

    [Theory]
    [InlineData("Quinn")] // an answer
    [InlineData("She has not attended since the Easter holidays and mum is not answering the phone.")] // a sentence
    public void An_answer_or_a_sentence_is_not_a_label(string text)
    {
        Assert.False(FormTable.IsLabel(text));
    }

    [Theory]
    [InlineData("<table><tr><td><b>Surname</b></td><td>Quinn</td></tr></table>")] // bold label cells
    [InlineData("<table><tr><th>Surname</th><td>Quinn</td></tr></table>")] // th label cells
    [InlineData("<table><tr><th>Surname</th><th>First name</th></tr><tr><td>Quinn</td><td>Ellie-Mae</td></tr></table>")] // a label row above a value row
    [InlineData("<table><tr><td><table><tr><td>Surname</td><td>Quinn</td></tr></table></td></tr></table>")] // a form table inside a layout table
    [InlineData("<dl><dt>Surname</dt><dd>Quinn</dd></dl>")] // a definition list
    public void An_HTML_form_reads_as_label_and_value(string html)
    {
        var reading = new TestEmail("CME referral", $"<html><body><p>Please see below.</p>{html}</body></html>")
        {
            ContentType = "text/html; charset=utf-8",
        }.Read();

        Assert.Equal("Quinn", reading.Form.Value(Labels.LastName));
    }

    [Theory]
    [InlineData("<table><tr><td><b>Surname</b></td><td>&nbsp;</td><td>Quinn</td><td></td></tr></table>")] // a spacer cell between, an empty one after
    [InlineData("<table><tr><td></td><td>Surname:</td><td>&nbsp;</td><td>Quinn</td></tr></table>")] // an indent cell before, a colon on the label
    [InlineData("<table><tr><td>Surname</td><td></td><td></td><td>Quinn</td><td>&nbsp;</td><td></td></tr></table>")] // a wide layout table
    public void A_label_and_its_value_with_empty_layout_cells_between_them_read_as_a_pair(string html)
    {
        var reading = new TestEmail("CME referral", $"<html><body><p>Please see below.</p>{html}</body></html>")
        {
            ContentType = "text/html; charset=utf-8",
        }.Read();

        Assert.Equal("Quinn", reading.Form.Value(Labels.LastName));
    }
}
