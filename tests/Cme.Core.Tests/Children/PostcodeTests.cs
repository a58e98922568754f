using Cme.Core.Children;

namespace Cme.Core.Tests.Children;

public sealed class PostcodeTests
{
    [Theory]
    [InlineData("rm70qx", "RM7 0QX")] // no space, lower case: the commonest way it is typed
    [InlineData("  al10   9nb ", "AL10 9NB")] // stray spaces around and inside
    [InlineData("WD17 1AA", "WD17 1AA")] // already normal
    [InlineData("EC1A 1BB", "EC1A 1BB")] // outward code ending in a letter
    [InlineData("W1A 0AX", "W1A 0AX")] // single-letter area with a letter
    [InlineData("M1 1AE", "M1 1AE")] // shortest form
    public void A_postcode_is_normalised_to_upper_case_with_one_space_before_the_inward_code(string typed, string normal)
    {
        Assert.True(Postcode.TryParse(typed, out var postcode));
        Assert.Equal(normal, postcode.ToString());
    }

    [Theory]
    [InlineData("")] // nothing
    [InlineData("RM7")] // outward code alone
    [InlineData("12345")] // a US zip code
    [InlineData("RM7 0QC")] // C never appears in an inward code
    [InlineData("RM7 0QX; DROP")] // something appended
    public void Text_that_is_not_a_postcode_is_refused(string text)
    {
        Assert.False(Postcode.TryParse(text, out _));
    }

    [Fact]
    public void The_district_is_the_outward_code_and_the_area_its_letters()
    {
        var postcode = Postcode.Parse("AL10 9NB");

        Assert.Equal("AL10", postcode.District);
        Assert.Equal("AL", postcode.Area);
    }
}
