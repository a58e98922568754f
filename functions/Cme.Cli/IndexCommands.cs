using System.CommandLine;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;

namespace Cme.Cli;

/// <summary>`cme index rekey`: the child index moved to keys under the deployment's secret.</summary>
public static class IndexCommands
{
    public static Command Create()
    {
        var index = new Command("index", "The child index, which finds a child's open case by UPN or by name and date of birth.");
        index.Subcommands.Add(Rekey());
        return index;
    }

    private static Command Rekey()
    {
        var command = new Command(
            "rekey",
            "Move the child index to keys under the deployment's secret (Cme:ChildIndex:Key, or the local key file): every case's child details are indexed again under the secret, then every row not keyed under it (old unsalted SHA-256 rows, rows under a previous secret) is deleted. Run it with the host stopped; safe to run again.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                await using var services = await CliServices.OpenAsync(cancellationToken);
                var cases = await services.Get<CaseStore>().ListAsync(cancellationToken);
                var report = await services.Get<ChildIndex>().RekeyAsync(cases, cancellationToken);
                output.WriteLine($"Child index rekeyed on {services.StorageDescription}: {report.Cases} case(s) read, {report.RowsWritten} row(s) written under the secret, {report.OldRowsMoved} old row(s) replaced and deleted.");
                if (report.OldRowsDropped > 0)
                {
                    output.WriteLine($"{report.OldRowsDropped} old row(s) matched no case's current details (a name, date of birth or UPN since corrected on its case) and were deleted: their identity is unknown, so they cannot be moved.");
                }

                if (report.OtherSecretRowsDeleted > 0)
                {
                    output.WriteLine($"{report.OtherSecretRowsDeleted} row(s) keyed under a previous secret were deleted.");
                }

                return 0;
            }
            catch (ConfigurationException exception)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(exception.Message);
                return 2;
            }
        });
        return command;
    }
}
