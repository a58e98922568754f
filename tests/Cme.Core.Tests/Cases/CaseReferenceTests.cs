using Cme.Core.Cases;

namespace Cme.Core.Tests.Cases;

public sealed class CaseReferenceTests
{
    [Fact]
    public void A_reference_is_written_with_a_four_digit_year_and_a_five_digit_number()
    {
        Assert.Equal("CME-2026-00042", CaseReference.Create(2026, 42).ToString());
    }

    [Theory]
    [InlineData("RE: CME-2026-00042 update", "CME-2026-00042")] // in a reply's subject
    [InlineData("please see cme-2026-00057.", "CME-2026-00057")] // lower case, end of a sentence
    [InlineData("ref CME-2026-0042", null)] // four digits is not a reference
    [InlineData("XCME-2026-00042", null)] // glued to another word
    public void A_reference_is_found_in_free_text(string text, string? expected)
    {
        Assert.Equal(expected, CaseReference.FindIn(text)?.ToString());
    }

    [Fact]
    public void Number_zero_is_not_a_reference()
    {
        Assert.False(CaseReference.TryParse("CME-2026-00000", out _));
    }
}
