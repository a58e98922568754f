namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// Returns exported by a school's information system: a header of labels, then a row per child,
/// separated by commas, tabs, semicolons or pipes. The first row is read as the form's answers; an
/// email that lists several children is counted as such, so it goes to a person instead of becoming
/// one case for the first child.
/// </summary>
public sealed class DelimitedRowsTests
{
    [Theory]
    [InlineData("Surname,Forename,DOB,Year,Reason\nHussain,Zara,05/05/2013,Year 8,Moved away")]
    [InlineData("Surname\tForename\tDOB\tYear\tReason\nHussain\tZara\t05/05/2013\tYear 8\tMoved away")]
    [InlineData("Surname;Forename;DOB;Year;Reason\nHussain;Zara;05/05/2013;Year 8;Moved away")]
    [InlineData("| Surname | Forename | DOB | Year | Reason |\n|---|---|---|---|---|\n| Hussain | Zara | 05/05/2013 | Year 8 | Moved away |")]
    public void A_header_of_labels_and_a_row_under_it_read_as_the_forms_answers_whatever_the_separator(string text)
    {
        var form = Form.Read(text);

        Assert.Equal("Hussain", form.Value(Labels.LastName));
        Assert.Equal("Zara", form.Value(Labels.FirstName));
        Assert.Equal("05/05/2013", form.Value(Labels.DateOfBirth));
        Assert.Equal(1, form.ListedChildren);
    }

    [Fact]
    public void A_quoted_cell_keeps_its_commas()
    {
        var form = Form.Read("Surname,Forename,Reason,Destination\nHussain,Zara,\"Moved away, destination unknown\",Unknown");

        Assert.Equal("Moved away, destination unknown", form.Fields.Single(f => f.Label == "reason").Value);
    }

    [Fact]
    public void Every_row_that_names_a_child_is_counted()
    {
        var form = Form.Read("Surname,Forename,DOB\nHussain,Zara,05/05/2013\nKowalski,Jan,11/01/2012\nAdeyemi,Tomi,02/02/2014\n\nRegards");

        Assert.Equal(3, form.ListedChildren);
    }

    [Theory]
    [InlineData("We tried the school, the GP, the health visitor and the housing office.\nNobody, it seems, knew where they went.")] // prose with commas
    [InlineData("Date,Visit,Outcome\n01/10/2026,Home visit,No answer")] // a table, but not of a child
    public void Prose_and_tables_of_other_things_list_no_child(string text)
    {
        Assert.Equal(0, Form.Read(text).ListedChildren);
    }

    [Fact]
    public void A_school_deletions_return_listing_two_children_goes_to_a_person_naming_how_many()
    {
        var parsed = new EmailParser().Parse(new TestEmail(
            "Deletions from admission register - week ending 27/11/2026",
            """
            Deletions from the admission register, week ending 27/11/2026

            Surname,Forename,DOB,Year,Date of leaving,Reason
            Hussain,Zara,05/05/2013,Year 8,25/11/2026,Not returned after leave
            Kowalski,Jan,11/01/2012,Year 9,26/11/2026,"Moved away, destination unknown"
            """) { From = "SIMS Reports <sims-noreply@oakfield-primary.example.org>" }.Bytes());

        Assert.Equal(Core.Intake.EmailKind.RemovalFromRoll, parsed.Kind);
        Assert.Equal("it lists 2 children: a person should open a case for each", parsed.TriageReason);
    }

    [Fact]
    public void A_table_of_siblings_under_its_heading_lists_no_child_the_email_is_about()
    {
        var form = Form.Read("Child's details\nName: Ellie-Mae Quinn\nDate of birth: 04/02/2016\n\nSibling details\nName,DOB,School\nHarvey Quinn,02/03/2012,Oakfield Primary\nRosie Quinn,09/09/2013,Oakfield Primary\n");

        Assert.Equal(0, form.ListedChildren);
        Assert.Equal("Ellie-Mae Quinn", form.ChildValue(Labels.FullName));
    }

    [Fact]
    public void An_html_table_with_a_row_per_child_is_counted_like_a_typed_one()
    {
        var parsed = new EmailParser().Parse(new TestEmail(
            "Children removed from roll this week",
            "<p>Pupils removed from our roll this week.</p><table><tr><th>Surname</th><th>Forename</th><th>DOB</th><th>Reason</th></tr>"
            + "<tr><td>Hussain</td><td>Zara</td><td>05/05/2013</td><td>Moved abroad</td></tr>"
            + "<tr><td>Kowalski</td><td>Jan</td><td>11/01/2012</td><td>Destination unknown</td></tr></table>")
        { ContentType = "text/html; charset=utf-8" }.Bytes());

        Assert.Equal("Hussain", parsed.Child.LastName);
        Assert.Equal("it lists 2 children: a person should open a case for each", parsed.TriageReason);
    }
}
