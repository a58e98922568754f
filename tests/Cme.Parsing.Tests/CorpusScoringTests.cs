using System.Text.Json;
using Xunit.Abstractions;
using static Cme.Parsing.Tests.Scoring;

namespace Cme.Parsing.Tests;

/// <summary>
/// The parser scored against the invented corpus (Corpus/dev and Corpus/holdout, written by tools/corpus), through the
/// `cme parse` JSON contract. The corpus is built for the variety of real CME mail, not for the current parser, so the
/// test asserts floors (what the parser scores now, less 0.02) to catch regressions, not perfection. Raise the floors
/// as the parser improves. Holdout uses other names, schools, towns, domains and wordings than dev: tune on dev only.
/// </summary>
public sealed class CorpusScoringTests(ITestOutputHelper output)
{
    private static readonly string[] ChildKinds = ["referral", "no-show", "removal-from-roll", "place-declined", "in-year-offer", "on-roll-confirmation"];

    private static readonly string[] ExpectedKeys = ["file", "kind", "caseRef", "child", "postcode", "school", "dateLastAttended", "startDate", "riskFactors", "referrerEmail", "shape"];

    // Floors = the parser's figures on 2026-12-06 (the parser on branch intake-probes, 305 emails after adding five partner-agency shapes) less 0.02, rounded down. Those figures, in order
    // kind, caseRef, firstName, lastName, dateOfBirth, upn, postcode, school, dateLastAttended, startDate, referrerEmail:
    //   dev     1.000 1.000 0.995 0.984 1.000 1.000 1.000 1.000 1.000 1.000 0.995; riskF1 0.997, mean11 0.998, mean12 0.998, CPP recall 1.000, CIN recall 0.972, child emails lost 0 of 191
    //   holdout 0.956 1.000 0.947 0.947 0.982 1.000 1.000 0.956 0.956 0.974 0.965; riskF1 0.971, mean11 0.971, mean12 0.971, CPP recall 1.000, CIN recall 0.966, child emails lost 0 of 114
    private static readonly Dictionary<string, Dictionary<string, double>> Floors = new()
    {
        ["dev"] = new() { ["kind"] = 0.98, ["caseRef"] = 0.98, ["firstName"] = 0.97, ["lastName"] = 0.96, ["dateOfBirth"] = 0.98, ["upn"] = 0.98, ["postcode"] = 0.98, ["school"] = 0.98, ["dateLastAttended"] = 0.98, ["startDate"] = 0.98, ["referrerEmail"] = 0.97, ["riskF1"] = 0.97, ["mean11"] = 0.97, ["mean12"] = 0.97, ["cppRecall"] = 0.98, ["cinRecall"] = 0.95 },
        ["holdout"] = new() { ["kind"] = 0.93, ["caseRef"] = 0.98, ["firstName"] = 0.92, ["lastName"] = 0.92, ["dateOfBirth"] = 0.96, ["upn"] = 0.98, ["postcode"] = 0.98, ["school"] = 0.93, ["dateLastAttended"] = 0.93, ["startDate"] = 0.95, ["referrerEmail"] = 0.94, ["riskF1"] = 0.95, ["mean11"] = 0.95, ["mean12"] = 0.95, ["cppRecall"] = 0.98, ["cinRecall"] = 0.94 },
    };

    // Emails about a child (the six kinds above) that the parser called `other` or automatic: at most this many
    // (the count above plus 2% of the split, the same slack as the floors). tools/corpus/set_floors.py rewrites all of these.
    private static readonly Dictionary<string, int> MaxChildEmailsLost = new() { ["dev"] = 4, ["holdout"] = 3 };

    public static TheoryData<string> Splits() => new() { "dev", "holdout" };

    private static string Root(string split) => Path.Combine(AppContext.BaseDirectory, "Corpus", split);

    private static List<JsonElement> ExpectedLines(string split) =>
        File.ReadAllLines(Path.Combine(Root(split), "expected.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_parser_scores_at_least_its_floors_on_the_invented_corpus(string split)
    {
        var parser = new EmailParser();
        var expectedLines = ExpectedLines(split);
        var correct = Fields.ToDictionary(f => f, _ => 0);
        var riskF1 = new List<double>();
        var misses = new List<string>();
        var lost = new List<string>();
        int cppWanted = 0, cppFound = 0, cinWanted = 0, cinFound = 0, cppFalse = 0, cinFalse = 0;
        foreach (var expected in expectedLines)
        {
            var file = expected.GetProperty("file").GetString()!;
            using var actual = JsonDocument.Parse(ParseContract.ToJson(file, () => parser.Parse(File.ReadAllBytes(Path.Combine(Root(split), file)))));
            var got = actual.RootElement;
            foreach (var field in Fields)
            {
                var (want, have) = (Field(expected, field), Field(got, field));
                if (want == have)
                {
                    correct[field]++;
                }
                else
                {
                    misses.Add($"{file} {field}: expected {want ?? "null"}, got {have ?? "null"}");
                }
            }

            var wantRisks = Risks(expected);
            var gotRisks = Risks(got);
            riskF1.Add(F1(wantRisks, gotRisks));
            if (!wantRisks.SetEquals(gotRisks))
            {
                misses.Add($"{file} riskFactors: expected [{string.Join(", ", wantRisks)}], got [{string.Join(", ", gotRisks)}]");
            }

            if (wantRisks.Contains("child-protection-plan"))
            {
                cppWanted++;
                cppFound += gotRisks.Contains("child-protection-plan") ? 1 : 0;
            }

            if (wantRisks.Contains("child-in-need"))
            {
                cinWanted++;
                cinFound += gotRisks.Contains("child-in-need") ? 1 : 0;
            }

            cppFalse += gotRisks.Contains("child-protection-plan") && !wantRisks.Contains("child-protection-plan") ? 1 : 0;
            cinFalse += gotRisks.Contains("child-in-need") && !wantRisks.Contains("child-in-need") ? 1 : 0;

            var automatic = got.TryGetProperty("automatic", out var a) && a.ValueKind == JsonValueKind.True;
            if (ChildKinds.Contains(Field(expected, "kind")) && (Field(got, "kind") == "other" || automatic))
            {
                lost.Add($"{file} ({Field(expected, "kind")}) read as {Field(got, "kind")}{(automatic ? ", automatic" : string.Empty)}");
            }
        }

        var n = (double)expectedLines.Count;
        var scores = Fields.ToDictionary(f => f, f => correct[f] / n);
        scores["riskF1"] = riskF1.Average();
        scores["mean11"] = Fields.Average(f => scores[f]);
        scores["mean12"] = (Fields.Sum(f => scores[f]) + scores["riskF1"]) / 12;
        scores["cppRecall"] = cppWanted == 0 ? 1 : cppFound / (double)cppWanted;
        scores["cinRecall"] = cinWanted == 0 ? 1 : cinFound / (double)cinWanted;

        output.WriteLine($"Corpus/{split}: {expectedLines.Count} emails");
        foreach (var field in Fields)
        {
            output.WriteLine($"  {field,-34} {scores[field]:F3}");
        }

        output.WriteLine($"  {"riskFactors (F1)",-34} {scores["riskF1"]:F3}");
        output.WriteLine($"  {"mean of the 11 fields",-34} {scores["mean11"]:F3}");
        output.WriteLine($"  {"mean of the 11 + risk F1",-34} {scores["mean12"]:F3}");
        output.WriteLine($"  {"kind accuracy",-34} {scores["kind"]:F3}");
        output.WriteLine($"  {"child-protection-plan recall",-34} {scores["cppRecall"]:F3} ({cppFound}/{cppWanted}; {cppFalse} emails given it wrongly)");
        output.WriteLine($"  {"child-in-need recall",-34} {scores["cinRecall"]:F3} ({cinFound}/{cinWanted}; {cinFalse} emails given it wrongly)");
        output.WriteLine($"  {"child emails read as other/auto",-34} {lost.Count}");
        output.WriteLine("SCORES " + split + " " + string.Join(" ", scores.Select(s => $"{s.Key}={s.Value:F3}")) + $" lost={lost.Count}");
        output.WriteLine(string.Empty);
        output.WriteLine("Child emails read as other or automatic:");
        lost.ForEach(l => output.WriteLine("  " + l));
        output.WriteLine(string.Empty);
        output.WriteLine("Misses:");
        misses.ForEach(m => output.WriteLine("  " + m));

        var below = Floors[split].Where(f => scores[f.Key] < f.Value).Select(f => $"{f.Key} {scores[f.Key]:F3} < floor {f.Value:F2}").ToList();
        Assert.True(below.Count == 0, $"Corpus/{split} fell below its floors: {string.Join("; ", below)}");
        Assert.True(lost.Count <= MaxChildEmailsLost[split], $"Corpus/{split}: {lost.Count} emails about a child read as other/automatic (at most {MaxChildEmailsLost[split]}): {string.Join("; ", lost)}");
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void Every_email_has_exactly_one_expected_line_and_every_line_its_email(string split)
    {
        var files = Directory.EnumerateFiles(Root(split), "*.eml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var lines = ExpectedLines(split).Select(l => l.GetProperty("file").GetString()).ToList();
        Assert.Equal(lines.Count, lines.Distinct().Count());
        Assert.Equal(files, lines.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void Every_expected_line_has_the_sample_shape_and_other_means_every_field_empty(string split)
    {
        string[] kinds = [.. ChildKinds, "case-update", "other"];
        foreach (var line in ExpectedLines(split))
        {
            Assert.Equal(ExpectedKeys.Order(), line.EnumerateObject().Select(p => p.Name).Order());
            Assert.Contains(Field(line, "kind"), kinds);
            if (Field(line, "kind") == "other")
            {
                Assert.All(Fields.Where(f => f != "kind"), f => Assert.Null(Field(line, f)));
                Assert.Empty(Risks(line));
            }

            if (Field(line, "upn") is { } upn)
            {
                Assert.Equal(CheckLetter(upn[1..]), upn[0]);
            }

            if (Field(line, "kind") is not ("no-show" or "in-year-offer" or "on-roll-confirmation"))
            {
                Assert.Null(Field(line, "startDate"));
            }
        }
    }

    [Fact]
    public void The_corpus_has_at_least_180_emails_in_at_least_25_shapes_and_holdout_is_about_a_third()
    {
        var dev = ExpectedLines("dev");
        var holdout = ExpectedLines("holdout");
        Assert.True(dev.Count + holdout.Count >= 180);
        Assert.InRange(holdout.Count / (double)(dev.Count + holdout.Count), 0.28, 0.42);
        Assert.True(dev.Concat(holdout).Select(l => l.GetProperty("shape").GetString()).Distinct().Count() >= 25);
        Assert.True(holdout.Select(l => l.GetProperty("shape").GetString()).Distinct().Count() >= 25);
    }

    [Fact]
    public void Holdout_children_schools_and_referrer_domains_never_appear_in_dev()
    {
        static HashSet<string> Values(List<JsonElement> lines, string field) =>
            lines.Select(l => Field(l, field)).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

        var dev = ExpectedLines("dev");
        var holdout = ExpectedLines("holdout");
        foreach (var field in new[] { "lastName", "school", "referrerEmail" })
        {
            Assert.Empty(Values(dev, field).Intersect(Values(holdout, field), StringComparer.OrdinalIgnoreCase));
        }

        static HashSet<string> Domains(List<JsonElement> lines) =>
            lines.Select(l => Field(l, "referrerEmail")).OfType<string>().Select(e => e[(e.IndexOf('@') + 1)..]).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(Domains(dev).Intersect(Domains(holdout), StringComparer.OrdinalIgnoreCase));
    }

    private static char CheckLetter(string digits) =>
        "ABCDEFGHJKLMNPQRTUVWXYZ"[digits.Select((d, i) => (d - '0') * (i + 2)).Sum() % 23];

    [Theory]
    [MemberData(nameof(Splits))]
    public void No_triage_reason_quotes_the_childs_name_because_triage_reasons_are_logged(string split)
    {
        var parser = new EmailParser();
        var quoting = new List<string>();
        foreach (var expected in ExpectedLines(split))
        {
            var file = expected.GetProperty("file").GetString()!;
            var parsed = parser.Parse(File.ReadAllBytes(Path.Combine(Root(split), file)));
            var names = new[] { Field(expected, "firstName"), Field(expected, "lastName") }.OfType<string>().Where(n => n.Length > 2);
            if (parsed.TriageReason is { } reason && names.Any(n => reason.Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                quoting.Add($"{file}: {reason}");
            }
        }

        Assert.Empty(quoting);
    }
}
