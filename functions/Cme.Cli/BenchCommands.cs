using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cme.Application.Deadlines;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Intake;
using Cme.Core.Profiles;
using Cme.Infrastructure;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cme.Cli;

/// <summary>`cme bench …`: measured figures, each printed beside the baseline it compares with. Never run by the tests.</summary>
public static class BenchCommands
{
    private const string HostBenchmarksProject = "functions/Cme.LocalRunner.Benchmarks";

    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks on a private Azurite: printed figures, with the baseline each compares with.");
        bench.Subcommands.Add(CreateSweep());
        bench.Subcommands.Add(CreateParse());
        bench.Subcommands.Add(MovedToHostBenchmarks("ingest"));
        bench.Subcommands.Add(MovedToHostBenchmarks("host"));
        return bench;
    }

    /// <summary>
    /// `cme bench ingest` and `cme bench host` run the WebJobs host, so they moved to the host's own benchmark
    /// command (the `cme` command references no host project). Hidden; for anyone with the old command in
    /// their notes, they say where the benchmark lives now, with the arguments given, and do not run it.
    /// </summary>
    private static Command MovedToHostBenchmarks(string name)
    {
        var moved = new Command(name, $"Moved: dotnet run -c Release --project {HostBenchmarksProject} -- {name}") { Hidden = true, TreatUnmatchedTokensAsErrors = false };
        moved.SetAction(parseResult =>
        {
            var arguments = string.Concat(parseResult.UnmatchedTokens.Select(token => " " + token));
            parseResult.InvocationConfiguration.Error.WriteLine(
                $"`cme bench {name}` runs the host, so it lives with it now: dotnet run -c Release --project {HostBenchmarksProject} -- {name}{arguments}");
            return 2;
        });
        return moved;
    }

    private static Command CreateSweep()
    {
        var open = new Option<int>("--open") { Description = "Open cases in the large run (default 100000).", DefaultValueFactory = _ => 100_000 };
        var due = new Option<int>("--due") { Description = "Deadlines due in each run (default 1000).", DefaultValueFactory = _ => 1_000 };
        var sweep = new Command("sweep", "Sweep time with --due deadlines due among --due open cases, then among --open open cases; prints growth (large / small).") { open, due };
        sweep.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var (openCount, dueCount) = (parseResult.GetValue(open), parseResult.GetValue(due));
            if (dueCount < 1 || openCount < 2 * dueCount)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("--due must be 1 or more and --open at least twice --due.");
                return 2;
            }

            await using var store = await PrivateStore.StartAsync(null, TimeProvider.System, cancellationToken, inMemory: true);
            var seeder = new Seeder(store.Services);
            // The policy-review reminder is queued once per review; queue it now so both runs time deadlines alone.
            await store.Services.GetRequiredService<PolicyReviews>().RemindAsync(TimeProvider.System.GetUtcNow(), cancellationToken);
            output.WriteLine($"Seeding {dueCount} due cases …");
            await seeder.SeedAsync(dueCount, isDue: true, cancellationToken);
            var small = await TimeSweepAsync(store.Services, dueCount, cancellationToken);
            output.WriteLine($"sweep_small_open_cases={dueCount} due={dueCount} seconds={small.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");

            output.WriteLine($"Seeding {openCount - (2 * dueCount)} cases not due and {dueCount} more due cases …");
            await seeder.SeedAsync(openCount - (2 * dueCount), isDue: false, cancellationToken);
            await seeder.SeedAsync(dueCount, isDue: true, cancellationToken);
            var large = await TimeSweepAsync(store.Services, dueCount, cancellationToken);
            output.WriteLine($"sweep_large_open_cases={openCount} due={dueCount} seconds={large.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");
            output.WriteLine($"growth={(large / small).ToString("0.00", CultureInfo.InvariantCulture)} (goal <= 1.5)");
            return 0;
        });
        return sweep;
    }

    private static Command CreateParse()
    {
        var folder = new Option<DirectoryInfo>("--samples") { Description = "A folder of .eml files (default: the parser tests' samples).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Cme.Infrastructure.Configuration.RepositoryLayout.FindRepositoryRoot() ?? ".", "tests", "Cme.Parsing.Tests", "Samples")) };
        var seconds = new Option<int>("--seconds") { Description = "How long to parse for, after the warm-up (default 10).", DefaultValueFactory = _ => 10 };
        var warmUp = new Option<int>("--max-warm-up") { Description = "Longest warm-up in seconds: parsing runs until the JIT has compiled nothing new for two seconds, or this long (default 60).", DefaultValueFactory = _ => 60 };
        var parse = new Command("parse", "Emails parsed per CPU-second on one thread (one core) once warm, with the process's peak memory.") { folder, seconds, warmUp };
        parse.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var samples = parseResult.GetValue(folder)!;
            var files = samples.Exists ? samples.GetFiles("*.eml", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal).ToList() : [];
            if (files.Count == 0)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"No .eml files in {samples.FullName}; give a folder of sample emails with --samples.");
                return 2;
            }

            var emails = files.Select(f => File.ReadAllBytes(f.FullName)).ToList();
            var parser = new Cme.Parsing.EmailParser();
            var warm = WarmUp(parser, emails, TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(warmUp))));
            output.WriteLine($"warm_up_seconds={warm.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} (until the JIT compiled nothing new for 2 s)");

            var duration = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(seconds)));
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            long parsed = 0;
            while (stopwatch.Elapsed < duration)
            {
                parser.Parse(emails[(int)(parsed % emails.Count)]);
                parsed++;
            }

            stopwatch.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            // Per core is per CPU-second the whole process used (the parsing thread, the GC, any late JIT):
            // on a shared machine the wall clock also counts time other processes held the core.
            var perCpuSecond = parsed / Math.Max(0.001, cpuUsed.TotalSeconds);
            var perWallSecond = parsed / stopwatch.Elapsed.TotalSeconds;
            output.WriteLine($"samples={emails.Count} parsed={parsed} seconds={stopwatch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} cpu_seconds={cpuUsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");
            output.WriteLine($"emails_per_s_per_core={perCpuSecond.ToString("0", CultureInfo.InvariantCulture)} (per CPU-second on one thread; goal >= 2000) emails_per_s_wall={perWallSecond.ToString("0", CultureInfo.InvariantCulture)}");
            output.WriteLine($"peak_working_set_mb={(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture)} allocated_per_email_kb={(allocated / 1024.0 / Math.Max(1, parsed)).ToString("0", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return parse;
    }

    /// <summary>
    /// Parses the samples until the JIT has compiled no new method for two seconds (or until <paramref name="longest"/>):
    /// the parser's libraries take thousands of methods through tiered compilation, and a figure taken before that ends
    /// measures the JIT, not the parser.
    /// </summary>
    private static TimeSpan WarmUp(Cme.Parsing.EmailParser parser, IReadOnlyList<byte[]> emails, TimeSpan longest)
    {
        var total = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var next = 0;
        while (quiet.Elapsed < TimeSpan.FromSeconds(2) && total.Elapsed < longest)
        {
            parser.Parse(emails[next++ % emails.Count]);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quiet.Restart();
            }
        }

        return total.Elapsed;
    }

    private static async Task<TimeSpan> TimeSweepAsync(IServiceProvider services, int expected, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await services.GetRequiredService<DeadlineSweep>().RunAsync(cancellationToken);
        stopwatch.Stop();
        if (result.Queued != expected)
        {
            throw new InvalidOperationException($"The sweep queued {result.Queued} notifications; {expected} were due. The benchmark's figures would mean nothing.");
        }

        return stopwatch.Elapsed;
    }

    /// <summary>Writes open cases with one enquiries-review deadline each, through the case writer intake uses.</summary>
    private sealed class Seeder(IServiceProvider services)
    {
        private readonly CaseChanges _changes = services.GetRequiredService<CaseChanges>();
        private readonly AuthorityProfile _profile = services.GetRequiredService<AuthorityProfile>();
        private int _next;

        public async Task SeedAsync(int count, bool isDue, CancellationToken cancellationToken)
        {
            var schedule = new DeadlineSchedule(_profile);
            var now = TimeProvider.System.GetUtcNow();
            var today = schedule.LocalDate(now);
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (_, token) =>
            {
                var n = Interlocked.Increment(ref _next) - 1;
                var reference = CaseReference.Create(2000 + (n / 99_999), (n % 99_999) + 1);
                // Due: opened four weeks ago, so an escalation is due now. Not due: opened today, spread over the coming weeks' agenda.
                var openedOn = isDue ? today.AddDays(-28) : today.AddDays(-(n % 5));
                var openedAt = new DateTimeOffset(openedOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
                var @case = Case.Open(reference, EmailKind.Referral, openedAt, new ChildDetails("Bench", "Child" + n.ToString(CultureInfo.InvariantCulture), null, null, null, null, null, null), new CaseRouting("west", null, null), null, []);
                var deadline = schedule.Start(reference, DeadlineRule.EnquiriesReview, openedOn);
                var source = new SourceEmail("bench-" + reference, "bench", reference.ToString(), null, null, EmailKind.Referral, openedAt);
                // Opened as intake opens a case, its deadline on the agenda on its first reminder's day: for a
                // due case long past, as after a host was down, so the sweep owes it its latest step.
                await _changes.OpenAsync(@case, [], source, [deadline], token);
            });
        }
    }
}
