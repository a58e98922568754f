using Cme.Core.Intake;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// An email about several children in its own words (another council's notice of a family, a
/// housing team's placement) goes to a person, who opens a case for each; it never becomes one case
/// for the first child with the others dropped. A sibling or parent mentioned beside the child is
/// not another child the email is about.
/// </summary>
public sealed class ChildrenInProseTests
{
    private static ParsedEmail Parse(string subject, string body) =>
        new EmailParser().Parse(new TestEmail(subject, body) { From = "CME Officer <cme-team@another-council.example.gov.uk>" }.Bytes());

    [Theory]
    [InlineData("Child 1: Oskar Lindqvist, DOB 11/02/2013\nChild 2: Freya Lindqvist, DOB 06/07/2016\nLast known address: 4 Mill Lane, Hitchin SG5 2AB")]
    [InlineData("The children are Kacper Nowak (Year 3, DOB 01/12/2018) and Lena Nowak (Year 5, DOB 22/04/2016). Neither is attending school.")]
    [InlineData("Name: Oskar Lindqvist\nDate of birth: 11/02/2013\n\nName: Freya Lindqvist\nDate of birth: 06/07/2016")]
    public void An_email_giving_two_children_with_their_dates_of_birth_goes_to_a_person_naming_how_many(string body)
    {
        var parsed = Parse("Child Missing Education - family moved to your area", "We believe the family below have not been in school since they moved.\n\n" + body);

        Assert.Equal("it lists 2 children: a person should open a case for each", parsed.TriageReason);
    }

    [Theory]
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) has not attended since May. Her brother Harvey (DOB 02/03/2012) is on roll at Oakfield Academy.")]
    [InlineData("Ellie-Mae Quinn, DOB 04/02/2016, has not attended since May.\nMother: Dana Quinn, DOB 14/08/1990")]
    [InlineData("Child: Ellie-Mae Quinn, DOB 04/02/2016\n\nSibling details\nName: Harvey Quinn\nDOB: 02/03/2012")]
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) and her twin Lily-Rose Quinn (DOB 04/02/2016) have not attended since May.")]
    public void One_child_with_a_sibling_or_parent_beside_them_is_one_child(string body)
    {
        var parsed = Parse("CME referral", body);

        Assert.Null(parsed.TriageReason);
        Assert.Equal("Ellie-Mae", parsed.Child.FirstName);
    }

    [Theory]
    [InlineData("I will be home educating my two boys, Alfie and Reggie Turner, from January.", 2)] // a parent's count, no dates of birth
    [InlineData("We will home educate our 3 children from Monday.", 3)] // digits
    [InlineData("Both girls will not be returning to school; we will home educate them.", 2)] // both
    public void A_parent_counting_their_children_in_their_own_words_goes_to_a_person_naming_how_many(string body, int count)
    {
        var parsed = new EmailParser().Parse(new TestEmail("School", "Hello,\n\n" + body + "\n\nThanks") { From = "A parent <parent.family@example.com>" }.Bytes());

        Assert.Equal($"it lists {count} children: a person should open a case for each", parsed.TriageReason);
    }

    [Theory]
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) has not attended since May; mum says the two boys next door see her.")] // somebody else's children
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) has not attended since May. Our two children's centres have not seen her.")] // a service, not children
    public void Children_counted_that_are_not_the_senders_are_not_a_list(string body)
    {
        var parsed = Parse("CME referral", body);

        Assert.Null(parsed.TriageReason);
    }

    [Theory]
    [InlineData("We have just moved here and our 3 children need school places.")] // no kind's words, children counted
    [InlineData("Both girls have been out since we were evicted and I do not know what to do.")] // both, no school named
    public void A_parent_writing_about_their_children_in_no_kinds_words_still_goes_to_a_person(string body)
    {
        var parsed = new EmailParser().Parse(new TestEmail("Help", "Hello,\n\n" + body + "\n\nThanks") { From = "A parent <parent.family@example.com>" }.Bytes());

        Assert.Equal(EmailKind.Other, parsed.Kind);
        Assert.NotNull(parsed.TriageReason);
    }
}
