namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// The child's name the way real forms write it: separate or combined fields, capitals, prose, the
/// subject line alone. Particles and punctuation are kept; a name is never a year group, a label or
/// a sentence; a sibling or parent named on the same form is not the child.
/// </summary>
public sealed class NameReaderTests
{
    private static (string? First, string? Last) NameIn(string body, string subject = "CME referral") =>
        NameReader.Read(new TestEmail(subject, body).Read());

    [Theory]
    [InlineData("VAN DER BERG", "van der Berg")] // particles in lower case, the surname capitalised
    [InlineData("O'NEILL", "O'Neill")] // a capital after the apostrophe
    [InlineData("OKONKWO-REID", "Okonkwo-Reid")] // each part of a double-barrelled name
    [InlineData("MCDONALD", "McDonald")] // Mc and the capital after it
    [InlineData("QUINN", "Quinn")] // the plain case
    [InlineData("NGUYỄN", "Nguyễn")] // letters beyond Latin-1 keep their marks
    public void A_surname_in_capitals_is_recorded_in_ordinary_capitalisation_keeping_particles(string written, string recorded)
    {
        Assert.Equal(recorded, NameReader.Capitalise(written));
    }

    [Theory]
    [InlineData("McKenzie")] // already mixed case: as the family writes it
    [InlineData("de Souza")] // a lower-case particle written by the family
    [InlineData("Okonkwo-Reid")] // a double-barrelled name as the family writes it
    public void A_name_not_written_in_capitals_is_kept_as_written(string name)
    {
        Assert.Equal(name, NameReader.Capitalise(name));
    }

    [Fact]
    public void Separate_fields_in_capitals_give_the_name_in_ordinary_capitalisation()
    {
        var (first, last) = NameIn("SURNAME: VAN DER BERG\nFORENAME(S): DAAN\nDOB: 12/03/2015");

        Assert.Equal("Daan", first);
        Assert.Equal("van der Berg", last);
    }

    [Theory]
    [InlineData("Legal surname: Quinn\nForename(s): Ellie-Mae Rose\nKnown as: Ellie")] // legal name first; the first forename is the first name
    [InlineData("Child's full name: QUINN, Ellie-Mae")] // MIS exports: surname, comma, forenames
    [InlineData("Name of child: QUINN Ellie-Mae")] // surname in capitals first, no comma
    [InlineData("Pupil name: Ellie-Mae Quinn")] // first name first
    [InlineData("Name: Ellie-Mae Quinn (Year 5)")] // a note after the name is not part of it
    public void The_forms_many_ways_of_writing_a_name_give_the_same_child(string form)
    {
        var (first, last) = NameIn(form);

        Assert.Equal("Ellie-Mae", first);
        Assert.Equal("Quinn", last);
    }

    [Fact]
    public void A_surname_keeps_its_particles_when_the_whole_name_is_in_one_field()
    {
        var (first, last) = NameIn("Child's name: Daan van der Berg");

        Assert.Equal("Daan", first);
        Assert.Equal("van der Berg", last);
    }

    [Fact]
    public void A_name_in_a_sibling_section_is_not_the_child()
    {
        // The sibling comes first on this form.
        var (first, last) = NameIn("""
            SIBLING DETAILS
            First name: Harvey
            Surname: Quinn
            Date of birth: 02/03/2012

            CHILD'S DETAILS
            First name: Ellie-Mae
            Surname: Quinn
            Date of birth: 04/02/2016
            """);

        Assert.Equal("Ellie-Mae", first);
        Assert.Equal("Quinn", last);
    }

    [Fact]
    public void A_name_in_a_parent_section_is_not_the_child()
    {
        var (first, last) = NameIn("""
            Parent/carer details
            First name: Joanne
            Surname: Fenwick
            Telephone: 07700 900123

            Child details
            First name: Tobias
            Surname: Fenwick-Hale
            """);

        Assert.Equal("Tobias", first);
        Assert.Equal("Fenwick-Hale", last);
    }

    [Fact]
    public void A_name_in_prose_is_read_from_the_sentence_that_gives_a_date_of_birth()
    {
        var (first, last) = NameIn("I am writing regarding Poppy-Mae Sutton, DOB 03/05/2015, who has not been seen since the Easter holidays.");

        Assert.Equal("Poppy-Mae", first);
        Assert.Equal("Sutton", last);
    }

    [Fact]
    public void A_brother_named_in_prose_is_not_the_child()
    {
        var (first, last) = NameIn("Her brother Harvey Quinn, DOB 02/03/2012, is on roll at Northgate High School. We are referring Ellie-Mae Quinn, DOB 04/02/2016, who has not attended since 15 May.");

        Assert.Equal("Ellie-Mae", first);
        Assert.Equal("Quinn", last);
    }

    [Fact]
    public void A_name_in_the_subject_line_only_is_read_from_the_subject()
    {
        var (first, last) = NameIn("Please see below: not in school since 20 April, no answer at the door.", "CME referral - Tobias Fenwick-Hale (Y5)");

        Assert.Equal("Tobias", first);
        Assert.Equal("Fenwick-Hale", last);
    }

    [Theory]
    [InlineData("Forename: Year 4\nSurname: Not known")] // a year group typed into the name field
    [InlineData("First name: Not known\nSurname: N/A")] // answers that say nothing
    [InlineData("Surname: Date of birth\nFirst name: Surname")] // labels pasted into the answers
    [InlineData("Name: The family moved out of the flat in April and we do not know where they went")] // a sentence
    public void A_name_is_never_a_year_group_a_label_or_a_sentence(string form)
    {
        var (first, last) = NameIn(form, "CME");

        Assert.Null(first);
        Assert.Null(last);
    }

    [Fact]
    public void A_form_written_all_in_capitals_gives_the_name_in_ordinary_capitalisation()
    {
        var (first, last) = NameIn("FIRST NAME: ELLIE-MAE\nSURNAME: O'NEILL");

        Assert.Equal("Ellie-Mae", first);
        Assert.Equal("O'Neill", last);
    }

    [Theory]
    [InlineData("Referral - ELLIE-MAE QUINN")] // the name in capitals after a dash
    [InlineData("CME: Ellie-Mae Quinn (Y5)")] // a colon, and a year group in brackets
    [InlineData("Ellie-Mae QUINN - not attending")] // the surname alone in capitals
    [InlineData("Referral for Ellie-Mae Quinn")] // the name after 'for', no separator
    [InlineData("Children missing education referral regarding Ellie-Mae Quinn")] // after 'regarding'
    public void A_name_given_only_in_the_subject_is_the_child(string subject)
    {
        var (first, last) = NameIn("Please see below: not in school since 1 May, no answer at the door.", subject);

        Assert.Equal("Ellie-Mae", first);
        Assert.Equal("Quinn", last);
    }
}
