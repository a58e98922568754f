using System.Text.Json;

namespace Cme.Parsing.Tests;

/// <summary>
/// Field-by-field scoring of `cme parse` JSON against an expected.jsonl line, shared by the sample and
/// corpus scoring tests. Unknown keys in either line (for example the corpus's "shape") are ignored.
/// </summary>
internal static class Scoring
{
    public static readonly string[] Fields = ["kind", "caseRef", "firstName", "lastName", "dateOfBirth", "upn", "postcode", "school", "dateLastAttended", "startDate", "referrerEmail"];

    public static string? Field(JsonElement root, string field)
    {
        var holder = field is "firstName" or "lastName" or "dateOfBirth" or "upn" ? root.GetProperty("child") : root;
        return holder.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    public static HashSet<string> Risks(JsonElement root) =>
        root.TryGetProperty("riskFactors", out var risks) && risks.ValueKind == JsonValueKind.Array
            ? risks.EnumerateArray().Select(r => r.GetString()!).ToHashSet()
            : [];

    public static double F1(HashSet<string> expected, HashSet<string> actual)
    {
        if (expected.Count == 0 && actual.Count == 0)
        {
            return 1;
        }

        var truePositives = expected.Intersect(actual).Count();
        var precision = actual.Count == 0 ? 0 : truePositives / (double)actual.Count;
        var recall = expected.Count == 0 ? 0 : truePositives / (double)expected.Count;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
