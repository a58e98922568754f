using System.Globalization;
using System.Text;
using System.Text.Json;
using Cme.Core.Children;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>
/// The JSON shape `cme parse` prints for one email: the contract others script against and the
/// held-back corpora are scored through. Field names and meanings do not change; fields are only added.
/// </summary>
public static class ParseContract
{
    public static string ToJson(string file, Func<ParsedEmail> parse)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", file);
            ParsedEmail parsed;
            try
            {
                parsed = parse();
            }
            catch (IOException exception)
            {
                json.WriteString("error", exception.Message);
                json.WriteEndObject();
                json.Flush();
                return Encoding.UTF8.GetString(buffer.ToArray());
            }

            var other = parsed.Kind == EmailKind.Other;
            json.WriteString("kind", parsed.Kind.WireName());
            json.WriteString("caseRef", other ? null : parsed.CaseReference?.ToString());
            json.WriteStartObject("child");
            json.WriteString("firstName", other ? null : parsed.Child.FirstName);
            json.WriteString("lastName", other ? null : parsed.Child.LastName);
            json.WriteString("dateOfBirth", other ? null : Date(parsed.Child.DateOfBirth));
            json.WriteString("upn", other ? null : parsed.Child.Upn?.Value);
            json.WriteEndObject();
            json.WriteString("postcode", other ? null : parsed.Child.Postcode?.ToString());
            json.WriteString("school", other ? null : parsed.Child.School);
            json.WriteString("dateLastAttended", other ? null : Date(parsed.DateLastAttended));
            json.WriteString("startDate", other ? null : Date(parsed.StartDate));
            json.WriteStartArray("riskFactors");
            foreach (var factor in other ? [] : parsed.RiskFactors)
            {
                json.WriteStringValue(factor.WireName());
            }

            json.WriteEndArray();
            json.WriteString("referrerEmail", other ? null : parsed.ReferrerEmail?.Value);
            json.WriteString("yearGroup", other ? null : parsed.Child.YearGroup?.Code);
            json.WriteString("address", other ? null : parsed.Child.Address);
            json.WriteString("parentsCarers", other ? null : parsed.ParentsCarers);
            json.WriteString("contactPhone", other ? null : parsed.ContactPhone);
            json.WriteString("referrerName", other ? null : parsed.ReferrerName);
            json.WriteString("referrerRole", other ? null : parsed.ReferrerRole);
            json.WriteString("referrerPhone", other ? null : parsed.ReferrerPhone);
            json.WriteString("actionsTaken", other ? null : parsed.ActionsTaken);
            json.WriteString("upnAsWritten", other ? null : parsed.RawUpn);
            json.WriteString("sex", other ? null : parsed.Child.Sex?.Label());
            json.WriteBoolean("automatic", parsed.IsAutomatic);
            json.WriteBoolean("machineSent", parsed.IsMachineSent);
            json.WriteNumber("confidence", Math.Round(parsed.Confidence, 2));
            json.WriteString("triageReason", parsed.TriageReason);
            json.WriteStartArray("evidence");
            foreach (var reason in parsed.Evidence)
            {
                json.WriteStringValue(reason);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }


    /// <summary>Why one email was classified as it was, for a person: the kind, the confidence and each piece of evidence.</summary>
    public static string Explain(string file, ParsedEmail parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var text = new StringBuilder();
        text.Append(file).Append(": ").Append(parsed.Kind.WireName())
            .Append(CultureInfo.InvariantCulture, $" (confidence {parsed.Confidence:0.00})");
        if (parsed.IsAutomatic)
        {
            text.Append(", automatic: recorded, never answered");
        }
        else if (parsed.IsMachineSent)
        {
            text.Append(", machine-sent: read, never answered at its sender");
        }

        text.AppendLine();
        foreach (var reason in parsed.Evidence)
        {
            text.Append("  - ").AppendLine(reason);
        }

        if (parsed.TriageReason is { } triage)
        {
            text.Append("  triage: ").AppendLine(triage);
        }

        return text.ToString().TrimEnd();
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
