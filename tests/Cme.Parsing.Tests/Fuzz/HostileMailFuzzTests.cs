using Cme.Testing.Hostile;
using Xunit.Abstractions;

namespace Cme.Parsing.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing of the whole read path (MIME, HTML, .docx, .pdf) with hostile email of every
/// family the service meets. Each family runs <see cref="FuzzSettings.Iterations"/> cases (40 by
/// default, so the suite stays quick); to run longer by hand:
/// <c>CME_FUZZ_ITERATIONS=3000 CME_FUZZ_SEED=7 dotnet test tests/Cme.Parsing.Tests --filter "FullyQualifiedName~Fuzz" --logger "console;verbosity=detailed"</c>.
/// A failure names its seed and case number; <c>CME_FUZZ_CASE=n</c> with the same seed runs that case alone.
/// </summary>
public sealed class HostileMailFuzzTests(ITestOutputHelper output)
{
    private static readonly Lazy<HostileMailGenerator> Generator = new(() => new HostileMailGenerator(Samples()));

    public static TheoryData<string> Families => [.. HostileMailGenerator.Families];

    [Theory]
    [MemberData(nameof(Families))]
    public void Every_hostile_email_is_read_without_a_crash_in_bounded_time_and_memory_and_goes_to_triage_saying_why_when_it_cannot_be_read(string family)
    {
        var settings = FuzzSettings.FromEnvironment();
        var run = new FuzzRun();
        foreach (var index in settings.Cases())
        {
            var email = Generator.Value.Generate(family, settings.Seed, index);
            run.Check(email, $"seed {settings.Seed}, case {index}");
        }

        output.WriteLine($"{family}: {run.Summary}");
        Assert.True(run.Failures.Count == 0, run.Report($"CME_FUZZ_SEED={settings.Seed} CME_FUZZ_CASE=<case>"));
    }

    [Fact]
    public void Each_representative_hostile_email_is_read_within_bounds_and_goes_to_triage_saying_why()
    {
        var run = new FuzzRun();
        foreach (var email in HostileMail.Representatives())
        {
            run.Check(email, "representative");
        }

        output.WriteLine(run.Summary);
        Assert.True(run.Failures.Count == 0, run.Report("the representative set (HostileMail.Representatives)"));
    }

    /// <summary>The real emails the parser is scored on, as the mutation family's seeds.</summary>
    private static IReadOnlyList<byte[]> Samples() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
}

/// <summary>How many cases, from which seed: fixed by default so the suite is repeatable; set by hand to explore.</summary>
internal sealed record FuzzSettings(int Seed, int Iterations, int? OnlyCase)
{
    public const int DefaultSeed = 20261201;

    public const int DefaultIterations = 40;

    public static FuzzSettings FromEnvironment() => new(
        Number("CME_FUZZ_SEED") ?? DefaultSeed,
        Number("CME_FUZZ_ITERATIONS") ?? DefaultIterations,
        Number("CME_FUZZ_CASE"));

    public IEnumerable<int> Cases() => OnlyCase is { } only ? [only] : Enumerable.Range(0, Iterations);

    private static int? Number(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : null;
}
