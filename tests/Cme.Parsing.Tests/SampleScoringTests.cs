using System.Text.Json;
using static Cme.Parsing.Tests.Scoring;
using Xunit.Abstractions;

namespace Cme.Parsing.Tests;

/// <summary>
/// The parser scored field by field against the shared sample referrals' expected.jsonl, the way
/// the held-back set is scored: through the `cme parse` JSON contract.
/// </summary>
public sealed class SampleScoringTests(ITestOutputHelper output)
{
    private static readonly string[] Fields = Scoring.Fields;

    public static TheoryData<string> SampleFolders() => new() { "referrals", "varied" };

    [Theory]
    [MemberData(nameof(SampleFolders))]
    public void Every_field_of_every_sample_matches_what_a_person_reading_it_would_extract(string folder)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Samples", folder);
        var parser = new EmailParser();
        var correct = Fields.ToDictionary(f => f, _ => 0);
        var riskF1 = new List<double>();
        var misses = new List<string>();
        var expectedLines = File.ReadAllLines(Path.Combine(root, "expected.jsonl")).Where(l => l.Trim().Length > 0).ToList();
        foreach (var line in expectedLines)
        {
            using var expected = JsonDocument.Parse(line);
            var file = expected.RootElement.GetProperty("file").GetString()!;
            using var actual = JsonDocument.Parse(ParseContract.ToJson(file, () => parser.Parse(File.ReadAllBytes(Path.Combine(root, file)))));
            foreach (var field in Fields)
            {
                var (want, got) = (Field(expected.RootElement, field), Field(actual.RootElement, field));
                if (want == got)
                {
                    correct[field]++;
                }
                else
                {
                    misses.Add($"{file} {field}: expected {want ?? "null"}, got {got ?? "null"}");
                }
            }

            var wantRisks = Risks(expected.RootElement);
            var gotRisks = Risks(actual.RootElement);
            riskF1.Add(F1(wantRisks, gotRisks));
            if (!wantRisks.SetEquals(gotRisks))
            {
                misses.Add($"{file} riskFactors: expected [{string.Join(", ", wantRisks)}], got [{string.Join(", ", gotRisks)}]");
            }
        }

        foreach (var field in Fields)
        {
            output.WriteLine($"{field,-18} {correct[field] / (double)expectedLines.Count:P0}");
        }

        output.WriteLine($"{"riskFactors (F1)",-18} {riskF1.Average():P0}");
        Assert.Empty(misses);
    }
}
