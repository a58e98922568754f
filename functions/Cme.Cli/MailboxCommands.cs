using System.CommandLine;
using System.Globalization;
using Cme.Application.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Cme.Cli;

/// <summary>`cme mailbox reconcile`: proves every handled email in the mailbox has its record, and ingests again any without one.</summary>
public static class MailboxCommands
{
    public static Command Create()
    {
        var mailbox = new Command("mailbox", "The CME mailbox the host reads.");
        var since = new Option<string?>("--since") { Description = "Check email from this date (yyyy-MM-dd, UTC midnight) onwards. Default: the last 7 days." };
        var reconcile = new Command(
            "reconcile",
            "List the mailbox's handled email for the period and check each has its record (a case or update, ignored with a reason, or triage); " +
            "any without one is queued for ingestion again (the running host processes it). Prints how many were recovered.") { since };
        reconcile.SetAction(async (parseResult, cancellationToken) =>
        {
            var from = DateTimeOffset.UtcNow.AddDays(-7);
            if (parseResult.GetValue(since) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    parseResult.InvocationConfiguration.Error.WriteLine($"--since '{text}' is not a date: write it as yyyy-MM-dd, e.g. 2026-12-01.");
                    return 2;
                }

                from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }

            await using var services = await CliServices.OpenAsync(cancellationToken);
            var report = await services.Get<MailboxReconciliation>().RunAsync(from, cancellationToken);
            parseResult.InvocationConfiguration.Output.WriteLine(report.ToString());
            return 0;
        });
        mailbox.Subcommands.Add(reconcile);
        return mailbox;
    }
}
