using System.CommandLine;
using System.Globalization;
using System.Text;
using Cme.Core.Calendar;
using Cme.Core.Census;
using Cme.Core.Profiles;
using Cme.Infrastructure.Storage;

namespace Cme.Cli;

/// <summary>
/// `cme census`: the DfE's termly CME return counted from the case store. The counting is
/// <see cref="CensusReturn"/> in Core; this reads the cases, prints and writes the files.
/// </summary>
public static class CensusCommand
{
    public static Command Create()
    {
        var date = new Option<string?>("--date") { Description = "The census date, YYYY-MM-DD (default: the profile's latest census date up to today)." };
        var profile = new Option<string?>("--profile") { Description = "The authority profile (default: the configured one, Cme:Profile)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the return as CSV: one row per breakdown cell (census_date, breakdown, value, count)." };
        var detail = new Option<FileInfo?>("--detail") { Description = "Write the child-level working list as CSV (case reference, initials, sex, year group, duration band, reason) for checking the figures. It names children: keep it within the council; it is never part of the return." };
        var census = new Command("census", "The DfE's termly children missing education return at a census date: counts by sex, year group, duration and main reason, and CME at any time in the school year.") { date, profile, output, detail };
        census.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var console = parseResult.InvocationConfiguration.Output;
            DateOnly? asked = null;
            if (parseResult.GetValue(date) is { } text)
            {
                if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    error.WriteLine($"'{text}' is not a date: type the census date as YYYY-MM-DD, e.g. --date 2026-10-01.");
                    return 2;
                }

                asked = parsed;
            }

            await using var services = await CliServices.OpenAsync(cancellationToken, profile: parseResult.GetValue(profile));
            var authority = services.Get<AuthorityProfile>();
            var settings = authority.Census;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(services.Get<TimeProvider>().GetUtcNow(), authority.TimeZone).DateTime);
            var censusDate = asked ?? settings.LatestOnOrBefore(today);
            if (censusDate is not { } on)
            {
                error.WriteLine($"The {authority.Name} profile has no census date on or before {today:yyyy-MM-dd}: give one, e.g. --date {settings.Dates.FirstOrDefault(new DateOnly(today.Year, 10, 1)):yyyy-MM-dd}, or add the DfE's dates under census.dates in the profile.");
                return 2;
            }

            var year = SchoolYear.Containing(on);
            if (!authority.Calendar.Covers(year))
            {
                error.WriteLine($"{on:yyyy-MM-dd} is in school year {year}, which the {authority.Name} profile has no term dates for (it covers {string.Join(", ", authority.Calendar.CoveredYears)}). Give a census date in one of those years, or add {year}'s term dates to {authority.Calendar.TermDatesFile ?? "the profile's term-dates file"}.");
                return 2;
            }

            if (!settings.Dates.Contains(on))
            {
                error.WriteLine($"Note: {on:yyyy-MM-dd} is not one of the profile's census dates ({(settings.Dates.Count == 0 ? "none listed" : string.Join(", ", settings.Dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))))}); counted as asked.");
            }

            var cases = await services.Get<CaseStore>().ListAsync(cancellationToken);
            var result = CensusReturn.Count(cases, on, authority.Calendar, authority.TimeZone, settings.Reasons);
            Print(console, authority, result);

            if (parseResult.GetValue(output) is { } csv)
            {
                await WriteAsync(csv, ReturnCsv(result), cancellationToken);
                console.WriteLine($"The return: {csv.FullName} ({result.Cells.Count} rows).");
            }

            if (parseResult.GetValue(detail) is { } list)
            {
                await WriteAsync(list, DetailCsv(result), cancellationToken);
                console.WriteLine($"The working list: {list.FullName} ({result.Children.Count} children). It names children by initials and case: keep it within the council.");
            }

            return result.BreakdownsNotSummingToTotal().Count == 0 ? 0 : 1;
        });
        return census;
    }

    private static void Print(TextWriter console, AuthorityProfile authority, CensusReturn result)
    {
        console.WriteLine($"{authority.Name}: children missing education at the census on {result.CensusDate:dddd d MMMM yyyy} ({result.SchoolYear})");
        string? breakdown = null;
        foreach (var cell in result.Cells)
        {
            if (cell.Breakdown != breakdown)
            {
                breakdown = cell.Breakdown;
                console.WriteLine();
                console.WriteLine(breakdown.ToUpperInvariant());
            }

            console.WriteLine($"  {cell.Value,-60} {cell.Count,6}");
        }

        console.WriteLine();
        var notSumming = result.BreakdownsNotSummingToTotal();
        console.WriteLine(notSumming.Count == 0
            ? $"Check: every breakdown sums to the total ({result.Counted})."
            : $"CHECK FAILED: {string.Join(", ", notSumming)} do not sum to the total ({result.Counted}).");
        if (result.ReasonsNotInList.Count > 0)
        {
            console.WriteLine($"{result.ReasonsNotInList.Count} case(s) hold a reason no longer in the profile's list ({string.Join(", ", result.ReasonsNotInList)}): record a current one with #reason.");
        }

        console.WriteLine($"CME at any time in {result.SchoolYear} is counted on the cases held now, 1 September to 31 August.");
    }

    private static string ReturnCsv(CensusReturn result)
    {
        var csv = new StringBuilder("census_date,breakdown,value,count\n");
        foreach (var cell in result.Cells)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{result.CensusDate:yyyy-MM-dd},{Field(cell.Breakdown)},{Field(cell.Value)},{cell.Count}\n");
        }

        return csv.ToString();
    }

    private static string DetailCsv(CensusReturn result)
    {
        var csv = new StringBuilder("case_reference,initials,sex,year_group,became_cme,duration_band,reason\n");
        foreach (var child in result.Children)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{child.Reference},{Field(child.Initials)},{child.Sex},{Field(child.YearGroup?.ToString() ?? "Unknown")},{child.BecameCme:yyyy-MM-dd},{Field(child.Duration.Label())},{Field(child.Reason.Label)}\n");
        }

        return csv.ToString();
    }

    // RFC 4180, and a leading = + - @ is quoted with an apostrophe so a spreadsheet never runs it.
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static async Task WriteAsync(FileInfo file, string text, CancellationToken cancellationToken)
    {
        file.Directory?.Create();
        await File.WriteAllTextAsync(file.FullName, text, new UTF8Encoding(false), cancellationToken);
    }
}
