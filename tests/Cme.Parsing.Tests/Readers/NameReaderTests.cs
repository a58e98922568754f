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

    [Theory]
    [InlineData("Learner first name: Tyler\nLearner surname: Gray\nLearner DOB: 10/10/2010", "Tyler", "Gray")] // a college's learner labels
    [InlineData("CYP forename: Demi-Leigh\nCYP surname: Fraser", "Demi-Leigh", "Fraser")] // CYP, as youth justice and social care write it
    [InlineData("CYP name: Demi-Leigh Fraser\nD.O.B: 13/05/2011", "Demi-Leigh", "Fraser")] // one CYP field
    [InlineData("Patient: SMITH, Harper\nDOB: 03/03/2016", "Harper", "Smith")] // a surgery's notice, surname first
    [InlineData("Patient name: Harper Smith", "Harper", "Smith")] // a patient's name in one field
    public void Learner_CYP_and_patient_labels_name_the_child(string body, string first, string last)
    {
        Assert.Equal((first, last), NameIn(body, "Not in education"));
    }

    [Theory]
    [InlineData("Subject: BAKER, Kayden\nDOB: 17/03/2010", "Kayden", "Baker")] // a police notice's subject, surname first
    [InlineData("Subject: O'CONNOR-HALE, Rhys\nDate of birth: 01/05/2011", "Rhys", "O'Connor-Hale")] // capitals with an apostrophe and a hyphen
    public void A_police_notices_subject_written_surname_first_names_the_child(string body, string first, string last)
    {
        Assert.Equal((first, last), NameIn(body, "Public Protection Notice"));
    }

    [Fact]
    public void A_quoted_subject_header_is_never_a_name()
    {
        var (first, last) = NameIn("Please see below.\n\nFrom: School Office <office@oakfield-primary.example.org>\nSent: 02 March 2026 14:02\nTo: Head <head@oakfield-primary.example.org>\nSubject: Deletion Notice\n\nThe pupil will be removed from our admission register.", "FW: Deletion");

        Assert.Null(first);
        Assert.Null(last);
    }

    [Theory]
    [InlineData("Forename(s)/Legal surname: Maya Juliet / OKONJO", "Maya", "Okonjo")] // forenames first, the surname in capitals
    [InlineData("Surname / Forename: OKONJO / Maya", "Maya", "Okonjo")] // surname first, as the label says
    [InlineData("First name/Last name: Daan / van der Berg", "Daan", "van der Berg")] // a particle kept
    public void Both_names_in_one_field_are_split_the_way_the_label_orders_them(string body, string first, string last)
    {
        Assert.Equal((first, last), NameIn(body + "\nDate of birth: 07/04/2015"));
    }

    [Theory]
    [InlineData("Her name is Isla Fenwick and she is in year 3.")] // a parent's email
    [InlineData("My daughter's name is Isla Fenwick, she is 7.")] // the child's name after the parent's possessive
    [InlineData("His full name is Isla Fenwick.")] // full name
    public void A_name_given_as_the_childs_name_in_prose_is_read(string sentence)
    {
        Assert.Equal(("Isla", "Fenwick"), NameIn("Hello,\n\nI am taking my child out of school to home educate. " + sentence + "\n\nThanks", "home education"));
    }

    [Fact]
    public void A_parent_giving_their_own_name_is_not_the_child()
    {
        var (first, last) = NameIn("Hello,\n\nMy name is Sarah Fenwick and I am writing about home education for my daughter.\n\nThanks", "home education");

        Assert.NotEqual("Sarah", first);
    }

    [Theory]
    [InlineData("Harvey Quinn-Doyle, 13 years (DOB 19/08/2012), was reported missing on 1 March.")] // an age before the date of birth
    [InlineData("Harvey Quinn-Doyle (13 yrs old, DOB 19/08/2012) has returned home.")] // abbreviated, in brackets
    public void A_name_followed_by_an_age_and_then_a_date_of_birth_is_read(string sentence)
    {
        Assert.Equal(("Harvey", "Quinn-Doyle"), NameIn("Hello,\n\n" + sentence + "\n\nMissing Persons Coordinator", "Missing child - education check"));
    }

    [Theory]
    [InlineData("Child's name: Alexander (known as Alfie) Turner", "Alexander", "Turner")] // a preferred name in brackets between the names
    [InlineData("Full name: Alexander 'Alfie' Turner", "Alexander", "Turner")] // a preferred name in quotes
    [InlineData("Forename: Jessica (prefers Jess)\nSurname: Turner", "Jessica", "Turner")] // a preference after a separate forename
    public void A_preferred_name_is_not_taken_for_the_childs_legal_name(string body, string first, string last)
    {
        Assert.Equal((first, last), NameIn(body + "\nDOB: 01/02/2014", "CME referral"));
    }

    [Theory]
    [InlineData("Child's name: harvey o'connor", "Harvey", "O'Connor")] // typed all in lower case, an apostrophe
    [InlineData("Name: maria de la cruz", "Maria", "de la Cruz")] // lower case with particles kept lower
    [InlineData("First name: tia-rose\nSurname: mcgregor-hale", "Tia-Rose", "Mcgregor-Hale")] // separate fields, hyphens
    public void A_name_typed_in_lower_case_is_recorded_with_capitals(string body, string first, string last)
    {
        Assert.Equal((first, last), NameIn(body + "\nDOB: 01/02/2014", "CME referral"));
    }

    [Theory]
    [InlineData("Child's name: Omar al-Rashid", "Omar", "al-Rashid")] // an Arabic article joined by a hyphen
    [InlineData("Forename: Yusuf\nSurname: el-Amin", "Yusuf", "el-Amin")] // in its own field
    [InlineData("Name: Luc d'Arcy", "Luc", "d'Arcy")] // a French elision
    public void A_surname_with_a_joined_lower_case_article_is_read_whole(string body, string first, string last)
    {
        Assert.Equal((first, last), NameIn(body + "\nDOB: 01/02/2014", "CME referral"));
    }
}
