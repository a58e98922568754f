using System.CommandLine;
using Cme.Application.Intake;
using Cme.Infrastructure.Storage;

namespace Cme.Cli;

/// <summary>`cme triage list|retry`: the emails and messages waiting for a person.</summary>
public static class TriageCommands
{
    public static Command Create()
    {
        var triage = new Command("triage", "Emails that need a person (not classified with confidence, no child identified) and messages that failed every attempt.");
        triage.Subcommands.Add(List());
        triage.Subcommands.Add(Retry());
        return triage;
    }

    private static Command List()
    {
        var all = new Option<bool>("--all") { Description = "Include items already retried or resolved." };
        var command = new Command("list", "List triage items, oldest first, with the reason each is waiting.") { all };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(cancellationToken);
            var items = await services.Get<TriageStore>().ListAsync(parseResult.GetValue(all), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (items.Count == 0)
            {
                output.WriteLine("Nothing is waiting in triage.");
                return 0;
            }

            output.WriteLine($"{"ID",-42} {"RECORDED (UTC)",-17} {"STATUS",-8} {"KIND",-20} REASON");
            foreach (var item in items)
            {
                var kind = item.IsPoison ? "failed (poison)" : item.Kind ?? "-";
                output.WriteLine($"{item.Id,-42} {item.RecordedAt.UtcDateTime,-17:yyyy-MM-dd HH:mm} {item.Status,-8} {kind,-20} {item.Reason}");
            }

            output.WriteLine($"{items.Count} item(s). Re-run one with: cme triage retry ID");
            return 0;
        });
        return command;
    }

    private static Command Retry()
    {
        var id = new Argument<string>("ID") { Description = "The triage item's id, as shown by 'cme triage list'." };
        var command = new Command("retry", "Send one triage item through processing again (the running host picks it up).") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(cancellationToken);
            try
            {
                var result = await services.Get<TriageRetry>().RetryAsync(parseResult.GetValue(id)!, cancellationToken);
                parseResult.InvocationConfiguration.Output.WriteLine(result);
                return 0;
            }
            catch (TriageItemNotFoundException exception)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(exception.Message);
                return 2;
            }
            catch (TriageItemCannotBeRetriedException exception)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(exception.Message);
                return 3;
            }
        });
        return command;
    }
}
