using Cme.Core.Cases;
using Cme.Core.Children;

namespace Cme.Core.Tests.Cases;

public sealed class ChildDetailsTests
{
    [Fact]
    public void The_same_child_is_recognised_by_name_and_date_of_birth_whatever_the_accents_case_or_spacing()
    {
        var first = Child("Chloë", "Bénard", new DateOnly(2014, 3, 9));
        var later = Child(" chloe ", "BENARD", new DateOnly(2014, 3, 9));

        Assert.Equal(first.IdentityKeys, later.IdentityKeys);
    }

    [Fact]
    public void A_name_without_a_date_of_birth_is_not_an_identity_key_because_two_children_can_share_a_name()
    {
        Assert.Empty(Child("Tyler", "D'Arcy", null).IdentityKeys);
    }

    [Fact]
    public void A_upn_is_an_identity_key_on_its_own()
    {
        Upn.TryParse("J311210720054", out var upn);

        Assert.Equal(["upn:J311210720054"], (ChildDetails.Unknown with { Upn = upn }).IdentityKeys);
    }

    [Fact]
    public void A_later_email_fills_what_was_missing_and_never_overwrites_what_was_known()
    {
        var known = Child("Leo", "Ashcombe", null) with { School = "Hornbeam Lane Primary School" };
        var later = Child("Leon", "Ashcombe", new DateOnly(2016, 6, 14)) with { School = "Other School" };

        var merged = known.MergeMissingFrom(later);

        Assert.Equal("Leo", merged.FirstName);
        Assert.Equal(new DateOnly(2016, 6, 14), merged.DateOfBirth);
        Assert.Equal("Hornbeam Lane Primary School", merged.School);
    }

    [Theory]
    [InlineData("Leo", "Ashcombe", "L.A.")]
    [InlineData("Tyler", null, "T.")]
    [InlineData(null, null, "")]
    public void Initials_carry_the_minimum(string? first, string? last, string expected)
    {
        Assert.Equal(expected, Child(first, last, null).Initials);
    }

    private static ChildDetails Child(string? first, string? last, DateOnly? dateOfBirth) =>
        ChildDetails.Unknown with { FirstName = first, LastName = last, DateOfBirth = dateOfBirth };
}
