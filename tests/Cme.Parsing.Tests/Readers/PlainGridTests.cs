namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// A Yes / No / Unknown grid typed in plain text, its answers marked under a column, reads as
/// <c>question: answer</c> lines: a mark under No is a No, whatever the question names.
/// </summary>
public sealed class PlainGridTests
{
    private const string Grid = """
        Vulnerabilities           Yes   No    Unknown
        Child protection plan            X
        Early help                 X
        Child in need                          X
        Looked after child
        """;

    [Fact]
    public void Each_row_is_answered_by_the_column_its_mark_is_under()
    {
        var lines = PlainGrid.Rewrite(Grid).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["Child protection plan: No", "Early help: Yes", "Child in need: Unknown", "Looked after child: "], lines);
    }

    [Fact]
    public void A_mark_between_columns_is_unclear()
    {
        const string grid = """
            Concerns                  Yes                   No
            Domestic abuse                      X
            """;

        Assert.Contains("Domestic abuse: unclear", PlainGrid.Rewrite(grid), StringComparison.Ordinal);
    }

    [Fact]
    public void The_grid_ends_at_the_first_blank_line()
    {
        var text = PlainGrid.Rewrite(Grid + "\n\nNotes: mum says they are moving");

        Assert.EndsWith("Notes: mum says they are moving\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Surname: Quinn\nFirst name: Ellie-Mae")] // no column gaps at all
    [InlineData("Did she attend?  No, not since May.")] // an answer word in a sentence is no header
    [InlineData("Yes  we rang  twice")] // a gap between words is no grid
    public void Text_that_is_no_grid_is_left_as_it_is(string text)
    {
        Assert.Equal(text, PlainGrid.Rewrite(text).TrimEnd('\n'));
    }

    [Fact]
    public void A_grid_answered_No_gives_the_form_a_No()
    {
        var form = Form.Read(Grid);

        Assert.Contains(form.Fields, f => f.Raw == "Child protection plan" && f.Value == "No");
    }
}
