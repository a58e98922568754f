using Cme.Core.Mail;
using Cme.Core.Notifications;

namespace Cme.Core.Tests.Mail;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("cme-west@example.org", "cme-west@example.org")]
    [InlineData(" <J.Okafor@HornbeamLane.Havering.sch.uk> ", "J.Okafor@hornbeamlane.havering.sch.uk")] // angle brackets, domain case folded
    public void An_address_is_accepted_and_its_domain_lower_cased(string text, string expected)
    {
        Assert.Equal(expected, EmailAddress.Parse(text).Value);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("someone@localhost")] // no dotted domain
    [InlineData("a@example.org\r\nBcc: victim@example.org")] // header injection
    [InlineData("Jo Bloggs <jo@example.org>")] // a display name is not an address
    public void Anything_else_is_refused(string text)
    {
        Assert.False(EmailAddress.TryParse(text, out _));
    }

    [Fact]
    public void Addresses_compare_without_regard_to_case()
    {
        Assert.Equal(EmailAddress.Parse("CME@example.org"), EmailAddress.Parse("cme@EXAMPLE.org"));
    }

    [Fact]
    public void A_subject_built_from_email_data_cannot_carry_a_header()
    {
        var subject = MailSubject.From("Referral\r\nBcc: victim@example.org\n\tX: y");

        Assert.DoesNotContain('\r', subject.Value);
        Assert.DoesNotContain('\n', subject.Value);
        Assert.Equal("Referral Bcc: victim@example.org X: y", subject.Value);
    }

    [Fact]
    public void A_long_subject_is_cut_to_the_bound()
    {
        Assert.Equal(MailSubject.MaxLength, MailSubject.From(new string('x', 1000)).Value.Length);
    }
}
