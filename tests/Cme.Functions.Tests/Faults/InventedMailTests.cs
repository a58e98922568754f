using Cme.Core.Intake;
using Cme.Parsing;

namespace Cme.Functions.Tests.Faults;

/// <summary>The fault tests count on the parser reading the invented mail as intended; this says so, email by email.</summary>
public sealed class InventedMailTests
{
    [Fact]
    public void Every_invented_email_parses_as_the_kind_the_fault_tests_expect_with_one_distinct_child_per_referral()
    {
        var sentAt = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var emails = InventedMail.Batch(500, sentAt, "check");
        var parser = new EmailParser();
        var identities = new HashSet<string>(StringComparer.Ordinal);

        foreach (var email in emails)
        {
            var parsed = parser.Parse(System.Text.Encoding.UTF8.GetBytes(email.Mime));
            Assert.Equal(email.MessageId, parsed.MessageId);
            Assert.Equal(sentAt, parsed.SentAt);
            var decision = IntakePolicy.Decide(parsed, new IntakeFacts(ReferencedCase: null, OpenCaseForChild: null));
            switch (email.Expected)
            {
                case ExpectedOutcome.OpensCase:
                    Assert.Equal(EmailKind.Referral, parsed.Kind);
                    Assert.Equal(InventedMail.Upn(email.Index), parsed.Child.Upn?.Value);
                    Assert.NotNull(parsed.Child.DateOfBirth);
                    Assert.NotNull(parsed.Child.Postcode);
                    Assert.False(SafeguardingPolicy.NeedsImmediateEscalation(parsed), email.FileName);
                    Assert.Equal(new IntakeDecision.Open(Acknowledge: true), decision);
                    Assert.All(parsed.Child.IdentityKeys, key => Assert.True(identities.Add(key), $"{email.FileName} names a child already named"));
                    break;
                case ExpectedOutcome.Triage:
                    Assert.Equal(EmailKind.CaseUpdate, parsed.Kind);
                    Assert.True(parsed.CaseReference!.Number >= InventedMail.FirstUnissuedCaseNumber);
                    Assert.IsType<IntakeDecision.Triage>(decision);
                    break;
                case ExpectedOutcome.Ignored:
                    Assert.True(parsed.IsAutomatic);
                    Assert.IsType<IntakeDecision.Ignore>(decision);
                    break;
            }
        }

        Assert.Equal((400, 50, 50), (emails.Count(e => e.Expected == ExpectedOutcome.OpensCase), emails.Count(e => e.Expected == ExpectedOutcome.Triage), emails.Count(e => e.Expected == ExpectedOutcome.Ignored)));
        Assert.Equal(500, emails.Select(e => e.Key).Distinct().Count());
    }
}
