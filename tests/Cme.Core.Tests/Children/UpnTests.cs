using Cme.Core.Children;

namespace Cme.Core.Tests.Children;

public sealed class UpnTests
{
    [Theory]
    [InlineData("J311210720054")] // from the sample referral form
    [InlineData("U919231817118")] // from the sample Outlook referral
    [InlineData("j311210720054")] // typed in lower case
    [InlineData("J311 2107 2005 4")] // typed in groups
    public void A_upn_whose_check_letter_is_right_is_accepted(string text)
    {
        Assert.True(Upn.TryParse(text, out var upn));
        Assert.Equal(13, upn.Value.Length);
    }

    [Theory]
    [InlineData("A311210720054")] // the same digits with the wrong check letter
    [InlineData("J31121072005")] // one digit short
    [InlineData("J3112107200544")] // one digit long
    [InlineData("I311210720054")] // I is not in the check alphabet
    [InlineData("J31121072005X4")] // a letter in the middle
    public void A_upn_with_a_wrong_check_letter_or_shape_is_refused(string text)
    {
        Assert.False(Upn.TryParse(text, out _));
    }
}
