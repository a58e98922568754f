using System.CommandLine;
using Cme.Core.Cases;
using Cme.Infrastructure.Storage;

namespace Cme.Cli;

/// <summary>`cme cases list` and `cme case show REF`.</summary>
public static class CaseCommands
{
    public static Command CreateCases()
    {
        var cases = new Command("cases", "Work with the case list.");
        var area = new Option<string?>("--area") { Description = "Only cases routed to this area (e.g. west, east)." };
        var includeClosed = new Option<bool>("--closed") { Description = "Include closed cases." };
        var list = new Command("list", "List cases: reference, status, area, kind, opened, last activity.") { area, includeClosed };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(cancellationToken);
            var wantedArea = parseResult.GetValue(area);
            var all = (await services.Get<CaseStore>().ListAsync(cancellationToken))
                .Where(c => parseResult.GetValue(includeClosed) || c.Status == CaseStatus.Open)
                .Where(c => wantedArea is null || string.Equals(c.Routing.Area, wantedArea, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"{"CASE",-15} {"STATUS",-7} {"AREA",-10} {"OPENED BY",-21} {"OPENED",-11} {"LAST ACTIVITY",-11} CHILD");
            foreach (var c in all)
            {
                output.WriteLine($"{c.Reference,-15} {c.Status,-7} {c.Routing.Area,-10} {Core.Intake.EmailKinds.WireName(c.OpenedBy),-21} {c.OpenedAt.UtcDateTime,-11:yyyy-MM-dd} {c.LastActivityAt.UtcDateTime,-11:yyyy-MM-dd} {c.Child.Initials}");
            }

            output.WriteLine($"{all.Count} case(s).");
            return 0;
        });
        cases.Subcommands.Add(list);
        return cases;
    }

    public static Command CreateCase()
    {
        var command = new Command("case", "Work with one case.");
        var reference = new Argument<string>("REF") { Description = "The case reference, e.g. CME-2026-00042." };
        var show = new Command("show", "Show a case: who it is about, where it is routed, and its timeline of events.") { reference };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!CaseReference.TryParse(parseResult.GetValue(reference), out var caseReference))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"'{parseResult.GetValue(reference)}' is not a case reference: expected CME-YYYY-NNNNN, e.g. CME-2026-00042.");
                return 2;
            }

            await using var services = await CliServices.OpenAsync(cancellationToken);
            var store = services.Get<CaseStore>();
            var stored = await store.GetAsync(caseReference, cancellationToken);
            if (stored is null)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"There is no case {caseReference}. 'cme cases list --closed' lists every case.");
                return 2;
            }

            var c = stored.Case;
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"{c.Reference}  {c.Status}{(c.Outcome is null ? string.Empty : $" ({c.Outcome})")}");
            output.WriteLine($"  Child:        {c.Child.FirstName} {c.Child.LastName}, born {c.Child.DateOfBirth:yyyy-MM-dd}, UPN {c.Child.Upn?.Value ?? "-"}, year group {c.Child.YearGroup ?? "-"}");
            output.WriteLine($"  School:       {c.Child.School ?? "-"}");
            output.WriteLine($"  Postcode:     {c.Child.Postcode?.ToString() ?? "-"}");
            output.WriteLine($"  Area:         {c.Routing.Area}{(c.Routing.District is null ? string.Empty : $" ({c.Routing.District})")}{(c.Routing.DefaultReason is null ? string.Empty : $" — by default: {c.Routing.DefaultReason}")}");
            output.WriteLine($"  Referrer:     {c.Referrer?.Value ?? "-"}");
            output.WriteLine($"  Risk factors: {(c.RiskFactors.Count == 0 ? "none stated" : string.Join(", ", c.RiskFactors.Select(Core.Intake.RiskFactors.WireName)))}");
            output.WriteLine("  Timeline:");
            foreach (var e in await store.GetEventsAsync(caseReference, cancellationToken))
            {
                output.WriteLine($"    {e.At.UtcDateTime:yyyy-MM-dd HH:mm}  {e.Type,-21} {e.Summary}");
            }

            return 0;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
