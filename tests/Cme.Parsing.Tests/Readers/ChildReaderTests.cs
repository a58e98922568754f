using Cme.Core.Cases;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// Which child the email is about: date of birth, UPN, year group and postcode from the child's part
/// of a form first, then from the text. A sibling's or the referrer's details are not the child's.
/// </summary>
public sealed class ChildReaderTests
{
    private static ChildDetails ChildIn(string body, string subject = "CME referral") => ChildReader.Read(new TestEmail(subject, body).Read()).Child;

    [Theory]
    [InlineData("Date of birth: 04/02/2016")] // the form's label
    [InlineData("DOB - 4 February 2016")] // abbreviated, with a dash and the month written out
    [InlineData("D.O.B.: 04.02.16")] // dotted label and dotted date
    [InlineData("We are worried about Ellie-Mae Quinn (DOB 04/02/2016), who has not attended since May.")] // in prose
    [InlineData("Ellie-Mae was born on 4th February 2016.")] // 'born on'
    public void The_date_of_birth_is_read_day_first_from_a_label_or_a_sentence(string body)
    {
        Assert.Equal(new DateOnly(2016, 2, 4), ChildIn(body).DateOfBirth);
    }

    [Theory]
    [InlineData("CME referral - Ruby ACHTERBERG DOB 12/09/2017")]
    [InlineData("RE: Child missing education: Ruby Achterberg (d.o.b. 12.09.17)")]
    [InlineData("Not attending - Ruby Achterberg, born 12 September 2017")]
    public void The_date_of_birth_in_the_subject_line_is_read_when_the_body_leaves_it_out(string subject)
    {
        Assert.Equal(new DateOnly(2017, 9, 12), ChildIn("Please see subject. Family not seen since half term.", subject).DateOfBirth);
    }

    [Fact]
    public void A_date_of_birth_in_the_body_wins_over_the_subject_line()
    {
        Assert.Equal(new DateOnly(2017, 9, 13), ChildIn("Date of birth: 13/09/2017", "CME referral - Ruby Achterberg DOB 12/09/2017").DateOfBirth);
    }

    [Fact]
    public void A_siblings_date_of_birth_is_not_the_childs()
    {
        var child = ChildIn("""
            Sibling details
            Name: Harvey Quinn
            Date of birth: 02/03/2012

            Child details
            Name: Ellie-Mae Quinn
            Date of birth: 04/02/2016
            """);

        Assert.Equal(new DateOnly(2016, 2, 4), child.DateOfBirth);
    }

    [Theory]
    [InlineData("UPN: A311205115138")] // labelled
    [InlineData("Unique pupil number (UPN): A311205115138 (from the CTF)")] // a long label, a note after the value
    [InlineData("Her UPN is a311205115138 on the last CTF.")] // in prose, in lower case
    public void A_valid_UPN_is_read_wherever_it_is_written(string body)
    {
        var (child, raw) = ChildReader.Read(new TestEmail("CME referral", body).Read());

        Assert.Equal("A311205115138", child.Upn?.Value);
        Assert.Null(raw);
    }

    [Fact]
    public void A_valid_UPN_in_the_subject_line_is_read_when_the_body_leaves_it_out()
    {
        Assert.Equal("A311205115138", ChildIn("Please see subject.", "Removal from roll - UPN A311205115138").Upn?.ToString());
    }

    [Fact]
    public void A_UPN_that_fails_its_check_letter_is_kept_as_written_and_not_as_a_UPN()
    {
        var (child, raw) = ChildReader.Read(new TestEmail("CME referral", "UPN: B311205115138").Read());

        Assert.Null(child.Upn);
        Assert.Equal("B311205115138", raw);
    }

    [Theory]
    [InlineData("Year group: Year 5", "5")] // as most forms write it
    [InlineData("NC year: Y10", "10")] // national curriculum year, abbreviated
    [InlineData("Year group: Reception", "R")] // reception is year R
    [InlineData("She is in Year 3 at Oakfield Primary School.", "3")] // in prose
    public void The_year_group_is_a_number_or_R(string body, string year)
    {
        Assert.Equal(year, ChildIn(body).YearGroup?.Code);
    }

    [Theory]
    [InlineData("Postcode: ex1 2ab", "EX1 2AB")] // typed in lower case without care
    [InlineData("Address: 12 Example Road, Exampletown, EX12AB", "EX1 2AB")] // inside the address, unspaced
    public void The_postcode_is_read_from_its_own_answer_or_the_address(string body, string postcode)
    {
        Assert.Equal(postcode, ChildIn(body).Postcode?.ToString());
    }

    [Fact]
    public void The_referrers_postcode_is_not_the_childs()
    {
        var child = ChildIn("""
            Referrer details
            Postcode: ZZ9 9ZZ

            Child details
            Address: 12 Example Road, Exampletown, EX1 2AB
            """);

        Assert.Equal("EX1 2AB", child.Postcode?.ToString());
    }

    [Theory]
    [InlineData("Children:\nName: Tobi Adebayo  DOB: 11/01/2015\nName: Kemi Adebayo  DOB: 30/09/2018", 2)] // a housing notice: one line per child
    [InlineData("Child 1\nName: Tobi Adebayo\nDate of birth: 11/01/2015\n\nChild 2\nName: Kemi Adebayo\nDate of birth: 30/09/2018\n\nChild 3\nName: Femi Adebayo\nDate of birth: 02/02/2020", 3)] // numbered blocks
    [InlineData("Name: Tobi Adebayo\nDOB: 11/01/2015\n\n-----Original Message-----\nFrom: Housing <housing@council.example.org>\nSent: 02 March 2026 10:00\nSubject: TA\n\nName: Tobi Adebayo\nDOB: 11/01/2015", 1)] // the same child quoted twice is one child
    [InlineData("Name: Tobi Adebayo\nDOB: 11/01/2015\n\nSiblings\nName: Kemi Adebayo\nDOB: 30/09/2018", 1)] // a sibling's section is not a child the email is about
    [InlineData("Ms Nowak has been placed at 4 Station Lane with her children:\nLena Nowak DOB 04/04/2015\nFilip Nowak DOB 17/11/2018\nNeither has a school place.", 2)] // a line a child, in the sender's own words
    [InlineData("- Lena Nowak, born 04/04/2015\n- Filip Nowak (DOB 17/11/2018)", 2)] // a bulleted list
    [InlineData("Lena Nowak DOB 04/04/2015 has not attended since 2 March.\n\nSiblings:\nFilip Nowak DOB 17/11/2018", 1)] // a sibling listed under its heading is not another child to open a case for
    [InlineData("Lena Nowak DOB 04/04/2015 has not attended since 2 March.\nMum Anna Nowak DOB 01/01/1990 cannot be contacted.", 1)] // a parent's date of birth is not a child's
    public void Children_listed_one_after_another_are_counted_by_their_dates_of_birth(string body, int children)
    {
        var email = new TestEmail("Family placed in temporary accommodation", body).Read();

        Assert.Equal(children, ChildReader.ListedByDateOfBirth(email.Form, email.OwnText, email.Reference));
    }

    [Fact]
    public void A_notice_listing_two_children_goes_to_a_person_to_open_a_case_for_each()
    {
        var notice = new TestEmail("Family placed in temporary accommodation - school places needed", """
            The family below have been placed in temporary accommodation and the children are not in school.

            Children:
            Name: Tobi Adebayo  DOB: 11/01/2015
            Name: Kemi Adebayo  DOB: 30/09/2018

            Previous school: Oakfield Primary School
            """)
        {
            From = "Housing Options <housing.options@council.example.org>",
        };

        Assert.Equal("it lists 2 children: a person should open a case for each", notice.Parse().TriageReason);
    }

    [Theory]
    [InlineData("CME REFERRAL - JONES Tia-Rose DOB 01.02.18")] // capitals, dots, a two-digit year
    [InlineData("Not attending: Tia-Rose Jones (D.O.B. 1/2/2018)")] // in brackets
    public void A_date_of_birth_given_only_in_the_subject_is_read(string subject)
    {
        var child = ChildIn("Please see subject. Not attended since 09/02/2026; the phone is disconnected.", subject);

        Assert.Equal(new DateOnly(2018, 2, 1), child.DateOfBirth);
    }

    [Theory]
    [InlineData("UPN: A 3112 0511 5138")] // typed in groups of four
    [InlineData("UPN: a311-205-115-138")] // dashes, lower case
    [InlineData("Unique pupil number: A311 2051 15138 (from the CTF)")] // groups and a note after
    public void A_labelled_UPN_typed_in_groups_is_read_as_one_UPN(string body)
    {
        var (child, raw) = ChildReader.Read(new TestEmail("CME referral", body).Read());

        Assert.Equal("A311205115138", child.Upn?.Value);
        Assert.Null(raw);
    }

    [Theory]
    [InlineData("Year group: Year Seven", "7")] // in words
    [InlineData("Current year: NC Year eleven", "11")] // national curriculum year in words, lower case
    [InlineData("Year group: Year R", "R")] // Year R is Reception
    [InlineData("Year group: Yr Reception", "R")] // abbreviated, then Reception
    public void A_year_group_in_words_or_as_Year_R_is_read(string body, string year)
    {
        Assert.Equal(year, ChildIn(body).YearGroup?.Code);
    }

    [Fact]
    public void Nursery_is_no_year_group_of_the_return()
    {
        Assert.Null(ChildIn("Year group: Nursery").YearGroup);
    }
}
