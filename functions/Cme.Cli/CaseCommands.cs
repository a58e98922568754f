using System.CommandLine;
using Cme.Application.Deadlines;
using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Deadlines;
using Cme.Core.Profiles;
using Cme.Infrastructure.Storage;

namespace Cme.Cli;

/// <summary>`cme cases list`, `cme case show REF` and `cme case apply REF "#command"`.</summary>
public static class CaseCommands
{
    public static Command CreateCases()
    {
        var cases = new Command("cases", "Work with the case list.");
        var area = new Option<string?>("--area") { Description = "Only cases routed to this area (e.g. west, east)." };
        var includeClosed = new Option<bool>("--closed") { Description = "Include closed cases." };
        var overdue = new Option<bool>("--overdue") { Description = "Only cases with a deadline past its due day, most overdue first." };
        var list = new Command("list", "List cases: reference, status, area, kind, opened, the next deadline and how it stands.") { area, includeClosed, overdue };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(cancellationToken);
            var schedule = new DeadlineSchedule(services.Get<AuthorityProfile>());
            var today = schedule.LocalDate(services.Get<TimeProvider>().GetUtcNow());
            var wantedArea = parseResult.GetValue(area);
            var deadlines = (await services.Get<CaseStore>().ListDeadlinesAsync(cancellationToken))
                .Where(d => d.IsOpen)
                .ToLookup(d => d.Case);
            var all = (await services.Get<CaseStore>().ListAsync(cancellationToken))
                .Where(c => parseResult.GetValue(includeClosed) || c.Status == CaseStatus.Open)
                .Where(c => wantedArea is null || string.Equals(c.Routing.Area, wantedArea, StringComparison.OrdinalIgnoreCase))
                .Select(c => (Case: c, Next: deadlines[c.Reference].OrderBy(d => d.DueOn).FirstOrDefault()))
                .Where(row => !parseResult.GetValue(overdue) || (row.Next is { } next && next.DueOn < today))
                .OrderBy(row => parseResult.GetValue(overdue) ? row.Next!.DueOn.DayNumber : 0)
                .ToList();
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"{"CASE",-15} {"STATUS",-7} {"AREA",-10} {"OPENED BY",-21} {"OPENED",-11} {"NEXT DEADLINE",-18} {"DUE",-11} {"STANDING",-24} CHILD");
            foreach (var (c, next) in all)
            {
                var standing = next is null ? "-" : Standing(schedule, next, today);
                output.WriteLine($"{c.Reference,-15} {c.Status,-7} {c.Routing.Area,-10} {Core.Intake.EmailKinds.WireName(c.OpenedBy),-21} {c.OpenedAt.UtcDateTime,-11:yyyy-MM-dd} {next?.Rule.WireName() ?? "-",-18} {next?.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-",-11} {standing,-24} {c.Child.Initials}");
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
            output.WriteLine($"  Child:        {c.Child.FirstName} {c.Child.LastName}, born {c.Child.DateOfBirth:yyyy-MM-dd}, UPN {c.Child.Upn?.Value ?? "-"}, year group {c.Child.YearGroup?.ToString() ?? "not recorded"}, sex {c.Child.Sex?.ToString() ?? "not recorded"}");
            output.WriteLine($"  School:       {c.Child.School ?? "-"}");
            output.WriteLine($"  Postcode:     {c.Child.Postcode?.ToString() ?? "-"}");
            output.WriteLine($"  Area:         {c.Routing.Area}{(c.Routing.District is null ? string.Empty : $" ({c.Routing.District})")}{(c.Routing.DefaultReason is null ? string.Empty : $" — by default: {c.Routing.DefaultReason}")}");
            output.WriteLine($"  Referrer:     {c.Referrer?.Value ?? "-"}");
            output.WriteLine($"  Risk factors: {(c.RiskFactors.Count == 0 ? "none stated" : string.Join(", ", c.RiskFactors.Select(Core.Intake.RiskFactors.WireName)))}");
            var profile = services.Get<AuthorityProfile>();
            var stopped = c.StoppedCme(profile.TimeZone);
            output.WriteLine($"  CME return:   main reason {(c.Reason is null ? $"not recorded (counted as {profile.Census.Reasons.NotRecorded.Label}; #reason to set)" : $"{c.Reason.Label} ({c.Reason.Slug})")}");
            output.WriteLine($"                missing education since {c.BecameCme(profile.TimeZone):yyyy-MM-dd}{(c.BecameCmeOn is null ? " (the day the case opened)" : string.Empty)}, {(stopped is { } until ? $"until {until:yyyy-MM-dd}" : "still missing")}");
            var schedule = new DeadlineSchedule(profile);
            var today = schedule.LocalDate(services.Get<TimeProvider>().GetUtcNow());
            output.WriteLine($"  Flags:        {(c.Flags.Count == 0 ? "none" : string.Join(", ", c.Flags.Select(CaseFlags.Title)))}");
            output.WriteLine("  Deadlines:");
            foreach (var d in (await store.GetWithDeadlinesAsync(caseReference, cancellationToken))!.Deadlines)
            {
                var status = d.IsOpen ? Standing(schedule, d, today) : $"met {d.MetOn:yyyy-MM-dd} ({d.Resolution})";
                output.WriteLine($"    {d.Rule.Title(),-34} started {d.StartedOn:yyyy-MM-dd}, due {d.DueOn:yyyy-MM-dd}: {status}{(d.LastStep is null ? string.Empty : $"; last sent {d.LastStep.Key} ({d.LastStep.On:yyyy-MM-dd})")}{(d.Estimated is null ? string.Empty : $"; ESTIMATED, {d.Estimated}")}");
                if (d.Rule == DeadlineRule.EnquiriesReview)
                {
                    foreach (var item in profile.Deadlines.EnquiriesChecklist)
                    {
                        output.WriteLine($"      [{(d.ChecklistDone.Contains(item.Id) ? "x" : " ")}] {item.Text} ({item.Id})");
                    }
                }
            }

            output.WriteLine("  Timeline:");
            foreach (var e in await store.GetEventsAsync(caseReference, cancellationToken))
            {
                output.WriteLine($"    {e.At.UtcDateTime:yyyy-MM-dd HH:mm}  {e.Type,-21} {e.Summary}");
            }

            return 0;
        });
        command.Subcommands.Add(show);
        command.Subcommands.Add(CreateApply());
        return command;
    }

    private static Command CreateApply()
    {
        var reference = new Argument<string>("REF") { Description = "The case reference, e.g. CME-2026-00042." };
        var line = new Argument<string>("COMMAND") { Description = $"One officer command, quoted: {OfficerCommand.Usage}." };
        var apply = new Command("apply", "Apply an officer's command to a case, as an administrator (the same commands officers send by email).") { reference, line };
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!CaseReference.TryParse(parseResult.GetValue(reference), out var caseReference))
            {
                error.WriteLine($"'{parseResult.GetValue(reference)}' is not a case reference: expected CME-YYYY-NNNNN, e.g. CME-2026-00042.");
                return 2;
            }

            var reading = OfficerCommand.Read(parseResult.GetValue(line) ?? string.Empty);
            if (reading.Command is null)
            {
                error.WriteLine($"Not applied: {reading.Problem}.");
                return 2;
            }

            await using var services = await CliServices.OpenAsync(cancellationToken);
            var current = await services.Get<CaseStore>().GetWithDeadlinesAsync(caseReference, cancellationToken);
            if (current is null)
            {
                error.WriteLine($"There is no case {caseReference}. 'cme cases list --closed' lists every case.");
                return 2;
            }

            var at = services.Get<TimeProvider>().GetUtcNow();
            var details = new Dictionary<string, string> { ["by"] = "cme case apply", ["user"] = Environment.UserName, ["command"] = reading.Line };
            var result = await services.Get<CaseChanges>().ApplyAsync(current, reading.Command, $"cli-{at:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}", at, details, null, cancellationToken);
            if (!result.Applied)
            {
                error.WriteLine($"Not applied: {result.Summary}.");
                return 1;
            }

            parseResult.InvocationConfiguration.Output.WriteLine($"{caseReference}: {result.Summary}");
            return 0;
        });
        return apply;
    }

    private static string Standing(DeadlineSchedule schedule, Deadline deadline, DateOnly today) =>
        today > deadline.DueOn ? $"OVERDUE {schedule.SchoolDaysOverdue(deadline, today)} school days"
        : today == deadline.DueOn ? "due today"
        : $"due in {schedule.SchoolDaysLeft(deadline, today)} school days";
}
