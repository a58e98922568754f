namespace Cme.Cli.Tests;

/// <summary>`cme demo` runs the whole product on a simulated clock; its story is the policy in miniature.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_opens_reminds_escalates_refuses_the_spoof_and_closes_every_case()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("demo");

        Assert.True(exitCode == 0, error);
        Assert.Contains("URGENT safeguarding: case CME-2027-00003", output, StringComparison.Ordinal);
        Assert.Contains("Due in 2 school days: Enquiries review, case CME-2027-00001", output, StringComparison.Ordinal);
        Assert.Contains("Overdue 1 school day: On roll after an in-year offer, case CME-2027-00002 (allocated a place, not attending)", output, StringComparison.Ordinal);
        Assert.Contains("Command not applied (the message could not be shown to come from cme-west@example.org: DMARC failed", output, StringComparison.Ordinal);
        Assert.Contains("CME-2027-00001  M.T.  Closed  located and in education", output, StringComparison.Ordinal);
        Assert.Contains("CME-2027-00002  O.P.  Closed  on roll: confirmed by the school", output, StringComparison.Ordinal);
        Assert.Contains("CME-2027-00003  L.A.  Closed  passed to Children's Social Care", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Thornbury", output, StringComparison.Ordinal);

        var sentLine = output.Split('\n').Single(line => line.Contains("emails were sent", StringComparison.Ordinal));
        var folder = sentLine[(sentLine.IndexOf("from ", StringComparison.Ordinal) + 5)..].Trim().TrimEnd('.');
        var sent = Directory.GetFiles(folder, "*.eml");
        Assert.Equal(int.Parse(sentLine.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture), sent.Length);
        // Mia: acknowledgement, #done reply, spoof refusal, 2 reminders, 4 escalations, #located reply, closure to the school.
        Assert.Equal(11, sent.Count(file => File.ReadAllText(file).Contains("CME-2027-00001", StringComparison.Ordinal)));
    }
}

public sealed class CaseApplyTests
{
    [Theory]
    [InlineData("CME-2026-1", "#located", "is not a case reference")]
    [InlineData("CME-2026-00001", "#close", "Not applied: #close needs a reason")]
    [InlineData("CME-2026-00001", "located", "Not applied: a command starts with #")]
    public async Task A_command_that_cannot_be_applied_is_refused_before_storage_is_touched(string reference, string command, string message)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("case", "apply", reference, command);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
