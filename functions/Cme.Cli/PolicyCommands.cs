using System.CommandLine;
using System.Globalization;
using Cme.Application.Deadlines;
using Cme.Core.Deadlines;

namespace Cme.Cli;

/// <summary>`cme policy status` and `cme policy reviewed`: the annual review of the CME policy.</summary>
public static class PolicyCommands
{
    public static Command Create()
    {
        var policy = new Command("policy", "The annual review of the authority's CME policy.");
        var status = new Command("status", "When the policy review is due, and whether it is overdue.");
        status.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(cancellationToken);
            Write(parseResult.InvocationConfiguration.Output, await services.Get<PolicyReviews>().StatusAsync(cancellationToken));
            return 0;
        });

        var on = new Option<string?>("--on") { Description = "The day the review was done (yyyy-MM-dd). Default: today." };
        var reviewed = new Command("reviewed", "Record that the policy has been reviewed; the next review is due a year later.") { on };
        reviewed.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(cancellationToken);
            var text = parseResult.GetValue(on);
            DateOnly day;
            if (text is null)
            {
                day = DateOnly.FromDateTime(services.Get<TimeProvider>().GetLocalNow().DateTime);
            }
            else if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"--on '{text}' is not a date: write it as yyyy-MM-dd, e.g. 2026-11-24.");
                return 2;
            }

            Write(parseResult.InvocationConfiguration.Output, await services.Get<PolicyReviews>().RecordReviewedAsync(day, cancellationToken));
            return 0;
        });
        policy.Subcommands.Add(status);
        policy.Subcommands.Add(reviewed);
        return policy;
    }

    private static void Write(TextWriter output, PolicyReviewStatus status) =>
        output.WriteLine(
            $"Policy review due {status.DueOn:yyyy-MM-dd}: " +
            (status.Overdue ? $"OVERDUE by {-status.DaysUntilDue} days" : $"in {status.DaysUntilDue} days") +
            (status.LastReviewedOn is { } last ? $"; last recorded {last:yyyy-MM-dd}" : "; no review recorded yet"));
}
