using System.Diagnostics;
using Azure.Data.Tables;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Intake;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Cli.Tests;

/// <summary>
/// A store on Azurite with thirteen known cases around the census of Thursday 1 October 2026,
/// read by `cme census` run as its own process (as an officer runs it), with the counts worked out
/// by hand below.
/// </summary>
public sealed class CensusCommandTests(CensusCommandTests.KnownCases store) : IClassFixture<CensusCommandTests.KnownCases>
{
    [Fact]
    public async Task The_return_gives_the_counts_worked_out_by_hand_and_every_breakdown_sums_to_the_total()
    {
        var folder = Directory.CreateTempSubdirectory("cme-census-");
        var csv = Path.Combine(folder.FullName, "return.csv");

        var (exitCode, output, error) = await store.CmeAsync("census", "--date", "2026-10-01", "--profile", "hertfordshire", "--out", csv);

        Assert.True(exitCode == 0, error + output);
        Assert.Contains("Check: every breakdown sums to the total (9).", output, StringComparison.Ordinal);
        var cells = File.ReadAllLines(csv).Skip(1).Select(line => line.Split(',')).ToDictionary(f => (f[1], f[2]), f => int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(File.ReadAllLines(csv).Skip(1), line => Assert.StartsWith("2026-10-01,", line, StringComparison.Ordinal));

        // Counted: cases 1-8 and 12 (open and CME on the day). Not: 9 opened the day after, 10 closed
        // the day before, 11 closed on the day, 13 closed in June.
        Assert.Equal(9, cells[("Total", "Total")]);
        Assert.Equal(4, cells[("Sex", "Female")]); // 1, 4, 7, 12
        Assert.Equal(3, cells[("Sex", "Male")]); // 2, 5, 8
        Assert.Equal(2, cells[("Sex", "Unknown")]); // 3 (none recorded), 6 (recorded as unknown)
        Assert.Equal(1, cells[("Year group", "Reception")]); // 2
        Assert.Equal(1, cells[("Year group", "Year 1")]); // 8
        Assert.Equal(0, cells[("Year group", "Year 2")]);
        Assert.Equal(1, cells[("Year group", "Year 3")]); // 5
        Assert.Equal(2, cells[("Year group", "Year 7")]); // 1, 12
        Assert.Equal(1, cells[("Year group", "Year 9")]); // 6
        Assert.Equal(1, cells[("Year group", "Year 10")]); // 7
        Assert.Equal(1, cells[("Year group", "Year 11")]); // 4
        Assert.Equal(1, cells[("Year group", "Unknown")]); // 3
        Assert.Equal(3, cells[("Duration", "Less than 2 weeks")]); // 1 (6 days), 8 (0), 12 (11)
        Assert.Equal(1, cells[("Duration", "2 to 4 weeks")]); // 2 (14)
        Assert.Equal(1, cells[("Duration", "4 to 8 weeks")]); // 3 (28)
        Assert.Equal(1, cells[("Duration", "8 to 12 weeks")]); // 4 (56)
        Assert.Equal(1, cells[("Duration", "12 to 26 weeks")]); // 5 (84)
        Assert.Equal(1, cells[("Duration", "26 to 52 weeks")]); // 6 (182)
        Assert.Equal(1, cells[("Duration", "Over 52 weeks")]); // 7 (518: became CME 1 May 2025)
        Assert.Equal(0, cells[("Duration", "Unknown")]);
        Assert.Equal(2, cells[("Reason", "Moved in from another local authority")]); // 1, 2
        Assert.Equal(1, cells[("Reason", "Unsuitable elective home education")]); // 4
        Assert.Equal(1, cells[("Reason", "School application awaiting outcome")]); // 5
        Assert.Equal(1, cells[("Reason", "Other")]); // 6
        Assert.Equal(1, cells[("Reason", "Mental health")]); // 7
        Assert.Equal(3, cells[("Reason", "Not recorded")]); // 3, 8, 12
        Assert.Equal(20, cells.Keys.Count(k => k.Item1 == "Reason"));
        Assert.Equal(12, cells[("CME at any time in the school year", "2026/27")]); // all but 13

        foreach (var breakdown in new[] { "Sex", "Year group", "Duration", "Reason" })
        {
            Assert.Equal(cells[("Total", "Total")], cells.Where(c => c.Key.Item1 == breakdown).Sum(c => c.Value));
        }
    }

    [Fact]
    public async Task The_working_list_has_one_row_per_child_counted_with_initials_never_names()
    {
        var folder = Directory.CreateTempSubdirectory("cme-census-");
        var detail = Path.Combine(folder.FullName, "detail.csv");

        var (exitCode, output, error) = await store.CmeAsync("census", "--date", "2026-10-01", "--profile", "hertfordshire", "--detail", detail);

        Assert.True(exitCode == 0, error + output);
        var lines = File.ReadAllLines(detail);
        Assert.Equal("case_reference,initials,sex,year_group,became_cme,duration_band,reason", lines[0]);
        Assert.Equal(9, lines.Length - 1);
        Assert.Contains("CME-2026-00007,A.I.,Female,Year 10,2025-05-01,Over 52 weeks,Mental health", lines);
        Assert.Contains("CME-2026-00003,A.I.,Unknown,Unknown,2026-09-03,4 to 8 weeks,Not recorded", lines);
        Assert.DoesNotContain("Invented", File.ReadAllText(detail), StringComparison.Ordinal);
        Assert.Contains("keep it within the council", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_census_date_outside_the_profiles_school_years_names_the_year_and_what_to_do()
    {
        var (exitCode, _, error) = await store.CmeAsync("census", "--date", "2027-10-07", "--profile", "hertfordshire");

        Assert.Equal(2, exitCode);
        Assert.Contains("2027-10-07 is in school year 2027/28, which the Hertfordshire County Council profile has no term dates for (it covers 2024/25, 2025/26, 2026/27)", error, StringComparison.Ordinal);
        Assert.Contains("add 2027/28's term dates", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_census_date_that_is_not_a_date_says_how_to_write_one()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("census", "--date", "1/10/26");

        Assert.Equal(2, exitCode);
        Assert.Contains("'1/10/26' is not a date: type the census date as YYYY-MM-DD, e.g. --date 2026-10-01.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_through_the_CLI_change_the_case_and_its_timeline_and_wrong_ones_say_what_to_type()
    {
        // Case 9 opened after the census, so changing it leaves the return's figures alone.
        var applied = await store.CmeAsync("case", "apply", "CME-2026-00009", "#reason moved-in-from-another-country");
        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Equal(0, (await store.CmeAsync("case", "apply", "CME-2026-00009", "#sex f")).ExitCode);
        Assert.Equal(0, (await store.CmeAsync("case", "apply", "CME-2026-00009", "#year R")).ExitCode);

        var unknownReason = await store.CmeAsync("case", "apply", "CME-2026-00009", "#reason moved-away");
        Assert.Equal(1, unknownReason.ExitCode);
        Assert.Contains("'moved-away' is not one of the DfE's reasons in the profile; type #reason followed by one of: moved-to-another-country, moved-to-another-la,", unknownReason.Error, StringComparison.Ordinal);
        var badYear = await store.CmeAsync("case", "apply", "CME-2026-00009", "#year 14");
        Assert.Equal(2, badYear.ExitCode);
        Assert.Contains("'14' is not a year group the return counts; type #year followed by R (Reception) or a year from 1 to 11, e.g. #year 7 or #year R", badYear.Error, StringComparison.Ordinal);

        var show = await store.CmeAsync("case", "show", "CME-2026-00009");
        Assert.Contains("year group Reception, sex Female", show.Output, StringComparison.Ordinal);
        Assert.Contains("main reason Moved in from another country (moved-in-from-another-country)", show.Output, StringComparison.Ordinal);
        Assert.Contains("missing education since 2026-10-02 (the day the case opened), still missing", show.Output, StringComparison.Ordinal);
        Assert.Contains("CommandApplied        #reason moved-in-from-another-country: main reason for CME: Moved in from another country", show.Output, StringComparison.Ordinal);
        Assert.Contains("CommandApplied        #sex female: sex: Female", show.Output, StringComparison.Ordinal);
        Assert.Contains("CommandRefused        #reason moved-away: 'moved-away' is not one of the DfE's reasons", show.Output, StringComparison.Ordinal);
    }

    /// <summary>The thirteen cases, on an Azurite of their own (the return reads the whole table).</summary>
    public sealed class KnownCases : IAsyncLifetime
    {
        private readonly AzuriteFixture _azurite = new();

        public async Task InitializeAsync()
        {
            await _azurite.InitializeAsync();
            var store = new CaseStore(new TableServiceClient(_azurite.ConnectionString));
            var reasons = CmeReasonList.Default;
            var london = ShippedProfiles.Hertfordshire.TimeZone;

            // Opened 09:00 UK time on the day (BST in summer and autumn, GMT in January).
            async Task Open(int number, DateTime openedOn, Sex? sex = null, YearGroup? year = null, string? reason = null, DateOnly? became = null, DateTime? closedOn = null)
            {
                var at = new DateTimeOffset(openedOn.AddHours(9), london.GetUtcOffset(openedOn.AddHours(9)));
                var @case = Case.Open(CaseReference.Create(2026, number), EmailKind.Referral, at, new ChildDetails("Ada", "Invented", null, null, year, null, null, null) { Sex = sex }, new CaseRouting("west", null, null), null, []);
                @case = reason is null ? @case : @case.RecordReason(reasons.Find(reason)!, at);
                @case = became is { } b ? @case.CorrectBecameCme(b, at, london) : @case;
                if (closedOn is { } closed)
                {
                    var closedAt = new DateTimeOffset(closed.AddHours(15), london.GetUtcOffset(closed.AddHours(15)));
                    @case = @case.Close("located and in education", closedAt, DateOnly.FromDateTime(closed));
                }

                await store.OpenAsync(@case, [new CaseEvent("opened", CaseEventType.Opened, at, "opened by a referral", new Dictionary<string, string>())], new SourceEmail("census-" + number, "test", number.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, EmailKind.Referral, at), [], CancellationToken.None);
            }

            await Open(1, new(2026, 9, 25), Sex.Female, YearGroup.Year(7), "moved-in-from-another-la");
            await Open(2, new(2026, 9, 17), Sex.Male, YearGroup.Reception, "moved-in-from-another-la");
            await Open(3, new(2026, 9, 3));
            await Open(4, new(2026, 8, 6), Sex.Female, YearGroup.Year(11), "unsuitable-ehe");
            await Open(5, new(2026, 7, 9), Sex.Male, YearGroup.Year(3), "application-awaiting-outcome");
            await Open(6, new(2026, 4, 2), Sex.Unknown, YearGroup.Year(9), "other");
            await Open(7, new(2025, 6, 1), Sex.Female, YearGroup.Year(10), "mental-health", became: new DateOnly(2025, 5, 1));
            await Open(8, new(2026, 10, 1), Sex.Male, YearGroup.Year(1));
            await Open(9, new(2026, 10, 2));
            await Open(10, new(2026, 9, 10), closedOn: new(2026, 9, 30));
            await Open(11, new(2026, 9, 10), closedOn: new(2026, 10, 1));
            await Open(12, new(2026, 9, 20), Sex.Female, YearGroup.Year(7), closedOn: new(2026, 10, 5));
            await Open(13, new(2026, 1, 10), closedOn: new(2026, 6, 15));
        }

        public Task DisposeAsync() => _azurite.DisposeAsync();

        /// <summary>Runs the built `cme` as its own process on this store, as an officer would.</summary>
        public async Task<(int ExitCode, string Output, string Error)> CmeAsync(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cme.dll"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["AzureWebJobsStorage"] = _azurite.ConnectionString;
            start.Environment["Cme__Profile"] = "hertfordshire";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
    }
}
