using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cme.Core.Calendar;
using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;

namespace Cme.Cli;

/// <summary>`cme calendar add-school-days|show`: school-day arithmetic and calendars, per authority.</summary>
public static class CalendarCommands
{
    public static Command Create()
    {
        var calendar = new Command("calendar", "School days per authority: count them, and show a school year.");
        calendar.Subcommands.Add(AddSchoolDays());
        calendar.Subcommands.Add(Show());
        return calendar;
    }

    private static Command AddSchoolDays()
    {
        var profile = new Option<string?>("--profile") { Description = "The authority profile, e.g. hertfordshire or havering." };
        var batch = new Option<FileInfo?>("--batch") { Description = "A file of JSON lines {\"authority\", \"from\", \"n\"}; writes one JSON line per input with \"result\" or \"error\"." };
        var from = new Argument<string?>("FROM") { Description = "The start date, YYYY-MM-DD. It never counts itself.", Arity = ArgumentArity.ZeroOrOne };
        var n = new Argument<int?>("N") { Description = "How many school days after FROM (1 or more).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("add-school-days", "The date of the N-th school day strictly after FROM, as YYYY-MM-DD.") { profile, batch, from, n };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                if (parseResult.GetValue(batch) is { } file)
                {
                    return RunBatch(file, output, error);
                }

                if (parseResult.GetValue(from) is not { } fromText || parseResult.GetValue(n) is not { } count)
                {
                    error.WriteLine("Give FROM and N (e.g. cme calendar add-school-days --profile hertfordshire 2026-02-13 10), or --batch FILE.");
                    return 2;
                }

                if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                {
                    error.WriteLine($"FROM '{fromText}' is not a date: write it as YYYY-MM-DD.");
                    return 2;
                }

                var calendar = CliProfiles.Load(parseResult.GetValue(profile)).Calendar;
                output.WriteLine(calendar.AddSchoolDays(start, count).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return 0;
            }
            catch (Exception exception) when (exception is TermDataMissingException or ArgumentOutOfRangeException or ConfigurationException or ProfileInvalidException or IOException)
            {
                error.WriteLine(exception is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter")[0] : exception.Message);
                return 1;
            }
        });
        return command;
    }

    private static int RunBatch(FileInfo file, TextWriter output, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"The batch file {file.FullName} does not exist.");
            return 2;
        }

        var store = CliProfiles.Store();
        var calendars = new Dictionary<string, (SchoolCalendar? Calendar, string? Error)>(StringComparer.Ordinal);
        using var reader = file.OpenText();
        using var buffer = new MemoryStream();
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            WriteBatchLine(json, line, lineNumber, store, calendars);
            json.Flush();
            buffer.WriteByte((byte)'\n');
            // One JSON document per line: the writer starts afresh after each.
            json.Reset(buffer);
            if (buffer.Length > 64 * 1024)
            {
                output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                buffer.SetLength(0);
            }
        }

        json.Flush();
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        return 0;
    }

    private static void WriteBatchLine(
        Utf8JsonWriter json,
        string line,
        int lineNumber,
        Infrastructure.Profiles.ProfileStore store,
        Dictionary<string, (SchoolCalendar? Calendar, string? Error)> calendars)
    {
        string? authority = null;
        string? from = null;
        int? n = null;
        string? problem = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            authority = root.TryGetProperty("authority", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            from = root.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            n = root.TryGetProperty("n", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var count) ? count : null;
        }
        catch (JsonException exception)
        {
            problem = $"line {lineNumber} is not JSON: {exception.Message}";
        }

        json.WriteStartObject();
        json.WriteString("authority", authority);
        json.WriteString("from", from);
        if (n is { } number)
        {
            json.WriteNumber("n", number);
        }
        else
        {
            json.WriteNull("n");
        }

        if (problem is null)
        {
            if (authority is null || from is null || n is null)
            {
                problem = $"line {lineNumber} needs \"authority\" (a profile name), \"from\" (YYYY-MM-DD) and \"n\" (a whole number)";
            }
            else if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                problem = $"\"from\" '{from}' is not a date: write it as YYYY-MM-DD";
            }
            else
            {
                if (!calendars.TryGetValue(authority, out var entry))
                {
                    try
                    {
                        entry = (store.Load(authority).Calendar, null);
                    }
                    catch (Exception exception) when (exception is ConfigurationException or ProfileInvalidException)
                    {
                        entry = (null, exception.Message);
                    }

                    calendars[authority] = entry;
                }

                if (entry.Calendar is null)
                {
                    problem = entry.Error;
                }
                else
                {
                    try
                    {
                        json.WriteString("result", entry.Calendar.AddSchoolDays(start, n.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    }
                    catch (TermDataMissingException exception)
                    {
                        problem = exception.Message;
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        problem = $"\"n\" is {n}: the number of school days to add must be 1 or more";
                    }
                }
            }
        }

        if (problem is not null)
        {
            json.WriteString("error", problem);
        }

        json.WriteEndObject();
    }

    private static Command Show()
    {
        var profile = new Option<string?>("--profile") { Description = "The authority profile, e.g. hertfordshire or havering." };
        var year = new Option<string>("--year") { Description = "The school year, e.g. 2025/26.", Required = true };
        var command = new Command("show", "Print a school year month by month: school days marked, holidays and bank holidays named.") { profile, year };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var schoolYear = SchoolYear.Parse(parseResult.GetValue(year)!);
                var loaded = CliProfiles.Load(parseResult.GetValue(profile));
                output.Write(CalendarPrinter.Print(loaded, schoolYear));
                return 0;
            }
            catch (Exception exception) when (exception is FormatException or TermDataMissingException or ConfigurationException or ProfileInvalidException)
            {
                error.WriteLine(exception.Message);
                return 1;
            }
        });
        return command;
    }
}

/// <summary>A school year as text: one block per month, a week per line, and the named days listed under it.</summary>
public static class CalendarPrinter
{
    public static string Print(AuthorityProfile profile, SchoolYear year)
    {
        var calendar = profile.Calendar;
        // Asking for the first day makes a missing year an error before anything is printed.
        calendar.Describe(year.FirstDay);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{profile.Name}: school year {year}");
        text.AppendLine("Key: [dd] school day, dd weekend, -dd- holiday, *dd* bank holiday");
        var schoolDays = 0;
        for (var month = new DateOnly(year.StartYear, 9, 1); month <= year.LastDay; month = month.AddMonths(1))
        {
            text.AppendLine();
            text.AppendLine(month.ToString("MMMM yyyy", CultureInfo.InvariantCulture));
            text.AppendLine("  Mon   Tue   Wed   Thu   Fri   Sat   Sun");
            var line = new StringBuilder(new string(' ', 6 * (((int)month.DayOfWeek + 6) % 7)));
            var notes = new List<string>();
            string? currentNote = null;
            for (var day = month; day.Month == month.Month; day = day.AddDays(1))
            {
                var described = calendar.Describe(day);
                line.Append(described.Kind switch
                {
                    DayKind.SchoolDay => $" [{day.Day,2}]",
                    DayKind.Weekend => $"  {day.Day,2} ",
                    DayKind.BankHoliday => $" *{day.Day,2}*",
                    _ => $" -{day.Day,2}-",
                });
                line.Append(' ');
                if (described.Kind == DayKind.SchoolDay)
                {
                    schoolDays++;
                }

                var note = described.Kind switch
                {
                    DayKind.BankHoliday => $"{day:d MMM}: {described.Name} (bank holiday)",
                    DayKind.SchoolHoliday => described.Name,
                    _ => null,
                };
                if (note is not null && note != currentNote)
                {
                    notes.Add(described.Kind == DayKind.SchoolHoliday ? $"from {day:d MMM}: {note}" : note);
                }

                if (described.Kind != DayKind.Weekend)
                {
                    currentNote = note;
                }

                if (day.DayOfWeek == DayOfWeek.Sunday)
                {
                    text.AppendLine(line.ToString().TrimEnd());
                    line.Clear();
                }
            }

            if (line.Length > 0)
            {
                text.AppendLine(line.ToString().TrimEnd());
            }

            foreach (var note in notes)
            {
                text.AppendLine("  " + note);
            }
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{schoolDays} school days in {year} (INSET and occasional days are chosen by each school and are not excluded).");
        return text.ToString();
    }
}
