using System.Globalization;
using System.Text.Json;

namespace Cme.Cli.Tests;

/// <summary>
/// The batch command checked against an oracle written separately from the product: a naive
/// day-by-day walk over the raw published term dates and bank holidays.
/// </summary>
public sealed class CalendarBatchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cme-batch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Several_hundred_deadlines_across_every_kind_of_break_match_a_naive_walk_over_the_published_dates()
    {
        var cases = new List<(string Authority, DateOnly From, int N)>();
        foreach (var authority in new[] { "hertfordshire", "havering" })
        {
            var oracle = Oracle.For(authority);
            // Starts on every boundary that matters (term ends and starts, the day before and after
            // each, bank holidays, weekends around them) plus a spread of ordinary days.
            var starts = oracle.InterestingDates().ToList();
            foreach (var from in starts)
            {
                foreach (var n in new[] { 1, 2, 5, 10, 15 })
                {
                    cases.Add((authority, from, n));
                }
            }
        }

        var input = Path.Combine(_folder, "cases.jsonl");
        await File.WriteAllLinesAsync(input, cases.Select(c => JsonSerializer.Serialize(new { authority = c.Authority, from = c.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), n = c.N })));

        var (exitCode, output, _) = await CliRunner.RunAsync("calendar", "add-school-days", "--batch", input);

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);
        Assert.True(cases.Count >= 300, $"only {cases.Count} cases were generated");
        var mismatches = new List<string>();
        var answered = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            var (authority, from, n) = cases[i];
            Assert.Equal(authority, line.RootElement.GetProperty("authority").GetString());
            Assert.Equal(n, line.RootElement.GetProperty("n").GetInt32());
            var expected = Oracle.For(authority).AddSchoolDays(from, n);
            var actual = line.RootElement.TryGetProperty("result", out var result) ? result.GetString() : null;
            if (expected is null)
            {
                if (actual is not null || !line.RootElement.GetProperty("error").GetString()!.Contains("no term dates for school year", StringComparison.Ordinal))
                {
                    mismatches.Add($"{authority} {from:yyyy-MM-dd} +{n}: expected an error naming the missing year, got {lines[i]}");
                }
            }
            else
            {
                answered++;
                if (actual != expected.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                {
                    mismatches.Add($"{authority} {from:yyyy-MM-dd} +{n}: expected {expected:yyyy-MM-dd}, got {lines[i]}");
                }
            }
        }

        Assert.Empty(mismatches);
        Assert.True(answered >= 300, $"only {answered} cases had an answer to compare");
    }

    [Fact]
    public async Task Bad_lines_get_an_error_each_and_the_rest_are_still_answered()
    {
        var input = Path.Combine(_folder, "mixed.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"authority": "hertfordshire", "from": "2026-02-13", "n": 10}""",
            """not json""",
            """{"authority": "havering", "from": "2025-10-01", "n": 10}""",
            """{"authority": "atlantis", "from": "2026-02-13", "n": 10}""",
            """{"authority": "hertfordshire", "from": "13/02/2026", "n": 10}""",
            "",
            """{"authority": "hertfordshire", "from": "2026-02-13", "n": 0}""",
        ]);

        var (exitCode, output, _) = await CliRunner.RunAsync("calendar", "add-school-days", "--batch", input);

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal("2026-03-06", lines[0].GetProperty("result").GetString());
        Assert.Contains("line 2 is not JSON", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("no term dates for school year 2025/26", lines[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Available profiles: havering, hertfordshire", lines[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("write it as YYYY-MM-DD", lines[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("must be 1 or more", lines[5].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_question_prints_the_date_alone()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("calendar", "add-school-days", "--profile", "hertfordshire", "2025-12-19", "1");

        Assert.Equal(0, exitCode);
        Assert.Equal("2026-01-05", output.Trim());
    }

    [Fact]
    public async Task A_question_about_a_year_without_term_dates_fails_naming_the_year()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("calendar", "add-school-days", "--profile", "havering", "2026-01-05", "10");

        Assert.Equal(1, exitCode);
        Assert.Contains("London Borough of Havering has no term dates for school year 2025/26", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendar_shows_school_days_holidays_and_bank_holidays_by_name()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("calendar", "show", "--profile", "hertfordshire", "--year", "2025/26");

        Assert.Equal(0, exitCode);
        Assert.Contains("February 2026", output, StringComparison.Ordinal);
        Assert.Contains("February half term", output, StringComparison.Ordinal);
        Assert.Contains("Early May bank holiday (bank holiday)", output, StringComparison.Ordinal);
        Assert.Contains("196 school days in 2025/26", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hertfordshire", "csf.cme@hertfordshire.gov.uk")]
    [InlineData("havering", "cme@havering.gov.uk")]
    public async Task Both_shipped_profiles_pass_the_check(string profile, string mailbox)
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("profile", "check", "--profile", profile);

        Assert.Equal(0, exitCode);
        Assert.Contains($"Profile {profile} is valid.", output, StringComparison.Ordinal);
        Assert.Contains(mailbox, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_profile_is_refused_listing_the_available_ones()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("profile", "check", "--profile", "atlantis");

        Assert.Equal(1, exitCode);
        Assert.Contains("Available profiles: havering, hertfordshire", error, StringComparison.Ordinal);
    }

    /// <summary>The published dates, walked one day at a time: deliberately nothing clever.</summary>
    private sealed class Oracle
    {
        private static readonly Dictionary<string, Oracle> Cache = [];
        private readonly List<(DateOnly Start, DateOnly End)> _terms = [];
        private readonly HashSet<DateOnly> _bankHolidays = [];
        private readonly List<int> _coveredStartYears = [];

        private Oracle(string authority)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "profiles", "calendars");
            using var terms = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, authority + "-term-dates.json")));
            foreach (var year in terms.RootElement.GetProperty("years").EnumerateArray())
            {
                _coveredStartYears.Add(int.Parse(year.GetProperty("year").GetString()![..4], CultureInfo.InvariantCulture));
                foreach (var term in year.GetProperty("terms").EnumerateArray())
                {
                    _terms.Add((DateOnly.Parse(term.GetProperty("start").GetString()!, CultureInfo.InvariantCulture), DateOnly.Parse(term.GetProperty("end").GetString()!, CultureInfo.InvariantCulture)));
                }
            }

            using var holidays = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "england-and-wales-bank-holidays.json")));
            foreach (var holiday in holidays.RootElement.GetProperty("holidays").EnumerateArray())
            {
                _bankHolidays.Add(DateOnly.Parse(holiday.GetProperty("date").GetString()!, CultureInfo.InvariantCulture));
            }
        }

        public static Oracle For(string authority)
        {
            if (!Cache.TryGetValue(authority, out var oracle))
            {
                Cache[authority] = oracle = new Oracle(authority);
            }

            return oracle;
        }

        /// <summary>The answer, or null where counting needs a school year the data does not have.</summary>
        public DateOnly? AddSchoolDays(DateOnly from, int n)
        {
            var day = from;
            while (n > 0)
            {
                day = day.AddDays(1);
                var startYear = day.Month >= 9 ? day.Year : day.Year - 1;
                if (!_coveredStartYears.Contains(startYear))
                {
                    return null;
                }

                var weekday = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
                var inTerm = _terms.Any(t => day >= t.Start && day <= t.End);
                if (weekday && inTerm && !_bankHolidays.Contains(day))
                {
                    n--;
                }
            }

            return day;
        }

        public IEnumerable<DateOnly> InterestingDates()
        {
            var dates = new SortedSet<DateOnly>();
            foreach (var (start, end) in _terms)
            {
                foreach (var edge in new[] { start, end })
                {
                    for (var offset = -3; offset <= 3; offset++)
                    {
                        dates.Add(edge.AddDays(offset));
                    }
                }
            }

            var first = _terms.Min(t => t.Start);
            var last = _terms.Max(t => t.End);
            foreach (var holiday in _bankHolidays.Where(d => d >= first && d <= last))
            {
                dates.Add(holiday.AddDays(-1));
                dates.Add(holiday);
            }

            for (var day = first; day <= last; day = day.AddDays(23))
            {
                dates.Add(day);
            }

            return dates;
        }
    }
}
