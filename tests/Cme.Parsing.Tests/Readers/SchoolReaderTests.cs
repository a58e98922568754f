using Cme.Core.Intake;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// The child's school is the school's name alone: a town, a note in brackets, a dash and what
/// follows are not part of it. For a removal from roll it is the school removing the child, never
/// the destination; a school named in the referrer's own details is not the child's.
/// </summary>
public sealed class SchoolReaderTests
{
    private static string? SchoolIn(string body, EmailKind kind = EmailKind.Referral, string subject = "CME referral") =>
        SchoolReader.Read(new TestEmail(subject, body).Read(), kind);

    [Fact]
    public void A_school_value_ends_where_the_school_name_ends()
    {
        var school = SchoolIn("Name: Ellie-Mae Quinn\nSchool: Salmons Brook Academy (Enfield) – last attended 15 May 2026, family not answering");

        Assert.Equal("Salmons Brook Academy", school);
    }

    [Theory]
    [InlineData("Salmons Brook Academy (Enfield) – last attended 15 May 2026", "Salmons Brook Academy")] // a note in brackets and a dash
    [InlineData("Oakfield Primary School, Hertfordshire", "Oakfield Primary School")] // a county after a comma
    [InlineData("Oakfield Primary School Hertford", "Oakfield Primary School")] // a town with no comma
    [InlineData("Northgate High School - Year 8", "Northgate High School")] // a year group after a dash
    [InlineData("Riverside Academy where she was on a part-time timetable", "Riverside Academy")] // a sentence running on
    [InlineData("St Mary's CofE Primary School; dual registered", "St Mary's CofE Primary School")] // a saint's name and a semicolon
    [InlineData("Hillcrest Academy.", "Hillcrest Academy")] // a full stop typed after it
    public void A_school_answer_is_trimmed_to_the_schools_name(string answer, string school)
    {
        Assert.Equal(school, SchoolReader.Trim(answer));
    }

    [Theory]
    [InlineData("Not known")] // the form was answered with nothing
    [InlineData("N/A")] // not applicable
    [InlineData("None")] // no school at all
    [InlineData("Home educated")] // elective home education is no school
    [InlineData("Not on roll")] // on no school's roll
    public void An_answer_that_names_no_school_is_no_school(string answer)
    {
        Assert.Null(SchoolReader.Trim(answer));
    }

    [Theory]
    [InlineData("Last day in school: 15/10/2026")]
    [InlineData("Date left school: 3rd March 2026")]
    [InlineData("Days out of school: 12")]
    [InlineData("Last seen at school - 02.11.26")]
    public void A_date_or_a_number_under_a_label_that_mentions_school_is_no_school(string line)
    {
        Assert.Null(SchoolIn($"Name: Tilly-Mae Quarrie\nDOB: 03/03/2014\n{line}\n"));
    }

    [Fact]
    public void For_a_removal_from_roll_the_school_is_the_one_removing_the_child_not_the_destination()
    {
        var school = SchoolIn(
            "Ellie-Mae Quinn (DOB 04/02/2016) is being removed from our roll at Oakfield Primary School. She is moving to Hillcrest Academy in Leeds.",
            EmailKind.RemovalFromRoll);

        Assert.Equal("Oakfield Primary School", school);
    }

    [Fact]
    public void A_labelled_destination_school_is_not_the_childs_school()
    {
        var school = SchoolIn("Destination school: Hillcrest Academy\nSchool removing from roll: Oakfield Primary School", EmailKind.RemovalFromRoll);

        Assert.Equal("Oakfield Primary School", school);
    }

    [Fact]
    public void An_offer_names_the_school_the_place_is_at()
    {
        var school = SchoolIn("Ellie-Mae Quinn has been allocated a place at Hillcrest Academy from 1 June.", EmailKind.InYearOffer);

        Assert.Equal("Hillcrest Academy", school);
    }

    [Fact]
    public void A_shortened_school_name_is_recorded_in_its_fullest_form_used_in_the_email()
    {
        var school = SchoolIn("School: Beechcroft Manor\n\nShe joined Beechcroft Manor Primary School in Year 3.");

        Assert.Equal("Beechcroft Manor Primary School", school);
    }

    [Fact]
    public void A_school_in_the_referrers_details_is_not_the_childs_school()
    {
        var school = SchoolIn("""
            REFERRER DETAILS
            Name: Sam Patel
            School: Westbrook Primary School

            CHILD'S DETAILS
            Name: Tobias Fenwick-Hale
            Current school: Northgate High School
            """);

        Assert.Equal("Northgate High School", school);
    }

    [Theory]
    [InlineData("Last day in school: 30th January 2026")] // the day, not the school
    [InlineData("Day last seen in school: 13 Feb 26")] // another wording of the same date
    [InlineData("First day at school: 02/03/2026")] // a start, not a school
    [InlineData("Seen in school since: no")] // an answer about attendance
    public void A_label_that_asks_when_the_child_was_in_school_is_not_the_school(string line)
    {
        var school = SchoolIn("Off-roll notification for Windle Edge Free School\n\nPupil name: EASTWOOD, Kwame\nD.O.B: 8th November 2019\n" + line, EmailKind.RemovalFromRoll);

        Assert.Equal("Windle Edge Free School", school);
    }
}
