using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cme.Core.Intake;
using Cme.Parsing;

namespace Cme.Cli;

/// <summary>`cme parse PATH...`: one JSON line per email, the parse contract others script against. Reads files only.</summary>
public static class ParseCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = ".eml files, or folders of them (read in name order).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("parse", "Read emails and print what was found in each as one JSON object per line.") { paths };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var parser = new EmailParser();
            var missing = false;
            foreach (var path in parseResult.GetValue(paths)!)
            {
                IEnumerable<string> files;
                if (Directory.Exists(path))
                {
                    files = Directory.EnumerateFiles(path, "*.eml").Order(StringComparer.Ordinal);
                }
                else if (File.Exists(path))
                {
                    files = [path];
                }
                else
                {
                    error.WriteLine($"{path}: no such file or folder.");
                    missing = true;
                    continue;
                }

                foreach (var file in files)
                {
                    output.WriteLine(ToJson(Path.GetFileName(file), () => parser.Parse(File.ReadAllBytes(file))));
                }
            }

            return missing ? 2 : 0;
        });
        return command;
    }

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
                return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
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
            json.WriteString("yearGroup", other ? null : parsed.Child.YearGroup);
            json.WriteString("address", other ? null : parsed.Child.Address);
            json.WriteString("parentsCarers", other ? null : parsed.ParentsCarers);
            json.WriteString("contactPhone", other ? null : parsed.ContactPhone);
            json.WriteString("referrerName", other ? null : parsed.ReferrerName);
            json.WriteString("referrerRole", other ? null : parsed.ReferrerRole);
            json.WriteString("referrerPhone", other ? null : parsed.ReferrerPhone);
            json.WriteString("actionsTaken", other ? null : parsed.ActionsTaken);
            json.WriteString("upnAsWritten", other ? null : parsed.RawUpn);
            json.WriteBoolean("automatic", parsed.IsAutomatic);
            json.WriteNumber("confidence", Math.Round(parsed.Confidence, 2));
            json.WriteString("triageReason", parsed.TriageReason);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
