using System.Globalization;
using System.Text.Json;
using Cme.Core.Calendar;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Mail;

namespace Cme.Core.Profiles;

/// <summary>
/// Reads a profile from its JSON text. File access is the caller's: <c>readFile</c> returns the
/// text of a file named relative to the profile (the term dates, the bank holidays) or null when
/// it does not exist.
/// </summary>
public static class ProfileReader
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static AuthorityProfile Read(string file, string json, Func<string, string?> readFile)
    {
        var problems = new Problems(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException exception)
        {
            throw new ProfileInvalidException(file, [$"{file}: not valid JSON at line {exception.LineNumber + 1}: {exception.Message} Fix the syntax; compare with a shipped profile."]);
        }

        using (document)
        {
            var root = document.RootElement;
            var key = problems.RequiredString(root, "key", "the profile's short name, e.g. \"hertfordshire\"");
            var name = problems.RequiredString(root, "name", "the authority's name, e.g. \"Hertfordshire County Council\"");
            var serviceName = problems.OptionalString(root, "serviceName") ?? name;
            var mailbox = problems.RequiredAddress(root, "mailbox", "the monitored CME mailbox");
            var manager = problems.RequiredAddress(root, "manager", "the CME manager's role address");
            var timeZone = ReadTimeZone(problems, root);
            var reviewDate = problems.RequiredDate(root, "policyReviewDate", "the date the CME policy is next reviewed");

            var areas = new List<Area>();
            if (problems.RequiredArray(root, "areas", "at least one area with an id, a name and an officer address") is { } areaArray)
            {
                var index = 0;
                foreach (var element in areaArray.EnumerateArray())
                {
                    var path = $"areas[{index++}]";
                    var id = problems.RequiredString(element, "id", "a short id such as \"west\"", path);
                    var areaName = problems.RequiredString(element, "name", "a name such as \"West\"", path);
                    var officer = problems.RequiredAddress(element, "officer", "the area officer's role address", path);
                    if (id is not null && areas.Any(a => a.Id == id))
                    {
                        problems.Add($"{path}.id", $"'{id}' is used by two areas", "give each area its own id");
                    }

                    if (id is not null && areaName is not null && officer is not null)
                    {
                        areas.Add(new Area(id, areaName, officer));
                    }
                }

                if (index == 0)
                {
                    problems.Add("areas", "is empty", "add at least one area");
                }
            }

            var routing = ReadRouting(problems, root, areas);
            var addresses = new Dictionary<string, EmailAddress>(StringComparer.Ordinal);
            if (root.TryGetProperty("addresses", out var addressObject) && addressObject.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in addressObject.EnumerateObject())
                {
                    if (EmailAddress.TryParse(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null, out var address))
                    {
                        addresses[property.Name] = address;
                    }
                    else
                    {
                        problems.Add($"addresses.{property.Name}", $"'{property.Value}' is not an email address", "write a role address such as admissions@example.org");
                    }
                }
            }

            var staff = new List<EmailAddress>();
            if (root.TryGetProperty("staff", out var staffArray))
            {
                var index = 0;
                foreach (var element in staffArray.ValueKind == JsonValueKind.Array ? staffArray.EnumerateArray() : default)
                {
                    if (EmailAddress.TryParse(element.ValueKind == JsonValueKind.String ? element.GetString() : null, out var address))
                    {
                        staff.Add(address);
                    }
                    else
                    {
                        problems.Add($"staff[{index}]", $"'{element}' is not an email address", "list the CME team's work addresses, e.g. cme-officer@example.org");
                    }

                    index++;
                }

                if (staffArray.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("staff", "must be a list of addresses", "write \"staff\": [\"cme-officer@example.org\"], or remove it");
                }
            }

            var deadlines = ReadDeadlines(problems, root);
            var notifications = ReadNotifications(problems, root);
            var calendar = key is null || name is null ? null : ReadCalendar(problems, root, name, file, readFile);
            var census = ReadCensus(problems, root, calendar);

            problems.ThrowIfAny();
            return new AuthorityProfile
            {
                Key = key!,
                Name = name!,
                ServiceName = serviceName!,
                Mailbox = mailbox!,
                Manager = manager!,
                TimeZone = timeZone!,
                PolicyReviewDate = reviewDate!.Value,
                Areas = areas,
                Routing = routing!,
                Addresses = addresses,
                Staff = staff,
                Deadlines = deadlines,
                Notifications = notifications!,
                Calendar = calendar!,
                Census = census,
            };
        }
    }

    private static TimeZoneInfo? ReadTimeZone(Problems problems, JsonElement root)
    {
        var id = problems.OptionalString(root, "timeZone") ?? "Europe/London";
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add("timeZone", $"'{id}' is not a time zone this machine knows", "use \"Europe/London\"");
            return null;
        }
    }

    private static Routing? ReadRouting(Problems problems, JsonElement root, List<Area> areas)
    {
        if (!root.TryGetProperty("routing", out var routing) || routing.ValueKind != JsonValueKind.Object)
        {
            problems.Add("routing", "is missing", "add \"routing\" with \"districts\" (name, area, postcodeDistricts) and \"defaultArea\"");
            return null;
        }

        var areaIds = areas.Select(a => a.Id).ToHashSet();
        var areaList = string.Join(", ", areaIds);
        var defaultArea = problems.RequiredString(routing, "defaultArea", "the area for a missing or unknown postcode", "routing");
        if (defaultArea is not null && areaIds.Count > 0 && !areaIds.Contains(defaultArea))
        {
            problems.Add("routing.defaultArea", $"'{defaultArea}' is not one of the areas ({areaList})", "use one of those or add the area under 'areas'");
        }

        var districts = new List<District>();
        var seenPostcodeDistricts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var seenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (problems.RequiredArray(routing, "districts", "the local districts with their area and postcode districts", "routing") is { } districtArray)
        {
            var index = 0;
            foreach (var element in districtArray.EnumerateArray())
            {
                var path = $"routing.districts[{index++}]";
                var districtName = problems.RequiredString(element, "name", "the district's name, e.g. \"Watford\"", path);
                var area = problems.RequiredString(element, "area", "the id of the area it belongs to", path);
                if (area is not null && areaIds.Count > 0 && !areaIds.Contains(area))
                {
                    problems.Add($"{path}.area", $"'{area}' is not one of the areas ({areaList})", "use one of those or add the area under 'areas'");
                }

                if (districtName is not null && !seenNames.Add(districtName))
                {
                    problems.Add($"{path}.name", $"district '{districtName}' is listed twice", "list each district once");
                }

                var postcodeDistricts = new List<string>();
                if (problems.RequiredArray(element, "postcodeDistricts", "the postcode districts (outward codes) that route to it, e.g. [\"WD17\"]", path) is { } codes)
                {
                    var codeIndex = 0;
                    foreach (var code in codes.EnumerateArray())
                    {
                        var codePath = $"{path}.postcodeDistricts[{codeIndex++}]";
                        var text = code.ValueKind == JsonValueKind.String ? code.GetString()?.Trim().ToUpperInvariant() : null;
                        if (text is null || !Postcode.TryParse(text + " 1AA", out var sample) || sample.District != text)
                        {
                            problems.Add(codePath, $"'{code}' is not a postcode district", "write an outward code such as \"WD17\" or \"AL10\"");
                            continue;
                        }

                        if (seenPostcodeDistricts.TryGetValue(text, out var owner))
                        {
                            problems.Add(codePath, $"postcode district {text} is already routed to {owner}", "route each postcode district to one district only");
                            continue;
                        }

                        seenPostcodeDistricts[text] = districtName ?? path;
                        postcodeDistricts.Add(text);
                    }
                }

                if (districtName is not null && area is not null)
                {
                    districts.Add(new District(districtName, area, postcodeDistricts));
                }
            }
        }

        return defaultArea is null ? null : new Routing(districts, defaultArea);
    }

    private static DeadlineParameters ReadDeadlines(Problems problems, JsonElement root)
    {
        var defaults = new DeadlineParameters();
        if (!root.TryGetProperty("deadlines", out var deadlines) || deadlines.ValueKind != JsonValueKind.Object)
        {
            return defaults;
        }

        return new DeadlineParameters
        {
            OnRollSchoolDays = problems.PositiveInt(deadlines, "onRollSchoolDays", defaults.OnRollSchoolDays, "deadlines"),
            NoShowReviewSchoolDays = problems.PositiveInt(deadlines, "noShowReviewSchoolDays", defaults.NoShowReviewSchoolDays, "deadlines"),
            ReferralReviewSchoolDays = problems.PositiveInt(deadlines, "referralReviewSchoolDays", defaults.ReferralReviewSchoolDays, "deadlines"),
            ReminderSchoolDaysBefore = problems.IntList(deadlines, "reminderSchoolDaysBefore", defaults.ReminderSchoolDaysBefore, "deadlines"),
            EscalationRepeatSchoolDays = problems.PositiveInt(deadlines, "escalationRepeatSchoolDays", defaults.EscalationRepeatSchoolDays, "deadlines"),
            PolicyReviewReminderDaysBefore = problems.IntList(deadlines, "policyReviewReminderDaysBefore", defaults.PolicyReviewReminderDaysBefore, "deadlines"),
            NotifyAt = ReadTime(problems, deadlines, "notifyAt", defaults.NotifyAt),
            EnquiriesChecklist = ReadChecklist(problems, deadlines, defaults.EnquiriesChecklist),
        };
    }

    private static CensusSettings ReadCensus(Problems problems, JsonElement root, SchoolCalendar? calendar)
    {
        var defaults = CensusSettings.Default;
        if (!root.TryGetProperty("census", out var census))
        {
            return defaults;
        }

        if (census.ValueKind != JsonValueKind.Object)
        {
            problems.Add("census", "must be an object", "write \"census\": { \"dates\": [\"2026-10-01\"] }, or remove it");
            return defaults;
        }

        var dates = new List<DateOnly>();
        if (census.TryGetProperty("dates", out var dateArray))
        {
            var index = 0;
            foreach (var element in dateArray.ValueKind == JsonValueKind.Array ? dateArray.EnumerateArray() : default)
            {
                var path = $"census.dates[{index++}]";
                if (element.ValueKind != JsonValueKind.String
                    || !DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    problems.Add(path, $"'{element}' is not a date", "write the DfE's census date as YYYY-MM-DD, e.g. \"2026-10-01\"");
                    continue;
                }

                if (calendar is not null && !calendar.Covers(SchoolYear.Containing(date)))
                {
                    problems.Add(path, $"{date:yyyy-MM-dd} is in school year {SchoolYear.Containing(date)}, which the term dates do not cover", $"add {SchoolYear.Containing(date)}'s term dates, or remove the date");
                    continue;
                }

                if (dates.Contains(date))
                {
                    problems.Add(path, $"{date:yyyy-MM-dd} is listed twice", "list each census date once");
                    continue;
                }

                dates.Add(date);
            }

            if (dateArray.ValueKind != JsonValueKind.Array)
            {
                problems.Add("census.dates", "must be a list of dates", "write e.g. \"dates\": [\"2026-10-01\", \"2027-01-21\", \"2027-05-20\"]");
            }
        }

        var reasons = defaults.Reasons;
        if (census.TryGetProperty("reasons", out var reasonArray))
        {
            var list = new List<CmeReason>();
            var index = 0;
            foreach (var entry in reasonArray.ValueKind == JsonValueKind.Array ? reasonArray.EnumerateArray() : default)
            {
                var at = $"census.reasons[{index++}]";
                var slug = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("slug", out var slugValue) && slugValue.ValueKind == JsonValueKind.String ? slugValue.GetString() : null;
                var label = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("label", out var labelValue) && labelValue.ValueKind == JsonValueKind.String ? labelValue.GetString() : null;
                if (string.IsNullOrWhiteSpace(slug) || !slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                {
                    problems.Add(at + ".slug", $"'{slug}' is not a short id", "use lower-case letters, digits and hyphens, e.g. \"moved-in-from-another-la\": officers type it after #reason");
                }
                else if (string.IsNullOrWhiteSpace(label))
                {
                    problems.Add(at + ".label", "is missing", "write the DfE's label exactly as the return names it, e.g. \"Moved in from another local authority\"");
                }
                else if (list.Any(r => r.Slug == slug))
                {
                    problems.Add(at + ".slug", $"'{slug}' appears twice", "give each reason its own slug");
                }
                else
                {
                    list.Add(new CmeReason(slug, label.Trim()));
                }
            }

            if (reasonArray.ValueKind != JsonValueKind.Array || reasonArray.GetArrayLength() == 0)
            {
                problems.Add("census.reasons", "must be a non-empty list", "list the DfE's reasons as { \"slug\": \"other\", \"label\": \"Other\" }, or remove it to use the 20 reasons of 2025/26");
            }
            else if (list.All(r => r.Slug != CmeReasonList.NotRecordedSlug))
            {
                problems.Add("census.reasons", $"has no '{CmeReasonList.NotRecordedSlug}' reason", $"add {{ \"slug\": \"{CmeReasonList.NotRecordedSlug}\", \"label\": \"Not recorded\" }}: cases with no reason are counted under it");
            }
            else if (list.Count == reasonArray.GetArrayLength())
            {
                reasons = new CmeReasonList(list);
            }
        }

        var warningDays = census.TryGetProperty("warningDays", out _) ? problems.PositiveInt(census, "warningDays", defaults.WarningDays, "census") : defaults.WarningDays;
        return new CensusSettings { Dates = dates.Order().ToList(), Reasons = reasons, WarningDays = warningDays };
    }

    private static TimeOnly ReadTime(Problems problems, JsonElement deadlines, string property, TimeOnly fallback)
    {
        if (!deadlines.TryGetProperty(property, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.String
            && TimeOnly.TryParseExact(value.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        problems.Add($"deadlines.{property}", $"'{value}' is not a time of day", "write it as 24-hour \"HH:mm\", e.g. \"08:00\"");
        return fallback;
    }

    private static IReadOnlyList<ChecklistItem> ReadChecklist(Problems problems, JsonElement deadlines, IReadOnlyList<ChecklistItem> fallback)
    {
        if (!deadlines.TryGetProperty("enquiriesChecklist", out var list))
        {
            return fallback;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            problems.Add("deadlines.enquiriesChecklist", "must be a non-empty list", "list the enquiries as { \"id\": \"housing\", \"text\": \"Contact housing, benefits and council tax\" }, or remove it to use the policy's list");
            return fallback;
        }

        var items = new List<ChecklistItem>();
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var at = $"deadlines.enquiriesChecklist[{index++}]";
            var id = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
            var text = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("text", out var textValue) && textValue.ValueKind == JsonValueKind.String ? textValue.GetString() : null;
            if (string.IsNullOrWhiteSpace(id) || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                problems.Add(at + ".id", $"'{id}' is not a short id", "use lower-case letters, digits and hyphens, e.g. \"social-care\": officers type it after #done");
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add(at + ".text", "is missing", "say what the enquiry is, e.g. \"Contact the police\"");
            }
            else if (items.Any(i => i.Id == id))
            {
                problems.Add(at + ".id", $"'{id}' appears twice", "give each enquiry its own id");
            }
            else
            {
                items.Add(new ChecklistItem(id, text));
            }
        }

        return items;
    }

    private static NotificationSettings? ReadNotifications(Problems problems, JsonElement root)
    {
        if (!root.TryGetProperty("notifications", out var notifications) || notifications.ValueKind != JsonValueKind.Object)
        {
            problems.Add("notifications", "is missing", "add \"notifications\": { \"from\": \"cme-noreply@example.org\", \"includeFullNames\": false }");
            return null;
        }

        var from = problems.RequiredAddress(notifications, "from", "the address notifications are sent from", "notifications");
        var fullNames = notifications.TryGetProperty("includeFullNames", out var flag) && flag.ValueKind == JsonValueKind.True;
        return from is null ? null : new NotificationSettings(from, fullNames);
    }

    private static SchoolCalendar? ReadCalendar(Problems problems, JsonElement root, string authority, string profileFile, Func<string, string?> readFile)
    {
        var termFile = problems.RequiredString(root, "termDates", "the term-dates file, relative to the profile, e.g. \"calendars/hertfordshire-term-dates.json\"");
        var bankFile = problems.RequiredString(root, "bankHolidays", "the bank-holidays file, e.g. \"calendars/england-and-wales-bank-holidays.json\"");
        if (termFile is null || bankFile is null)
        {
            return null;
        }

        var bankHolidays = ReadBankHolidays(problems, bankFile, readFile(bankFile), out var bankCoverageEnd);
        var termText = readFile(termFile);
        if (termText is null)
        {
            problems.Add("termDates", $"the file '{termFile}' does not exist", "check the path, which is relative to the profile file");
            return null;
        }

        var years = new List<SchoolYear>();
        var terms = new List<TermBlock>();
        var holidays = new List<SchoolHoliday>();
        try
        {
            using var document = JsonDocument.Parse(termText, Options);
            var index = 0;
            foreach (var year in document.RootElement.GetProperty("years").EnumerateArray())
            {
                var path = $"{termFile}: years[{index++}]";
                if (!SchoolYear.TryParse(year.GetProperty("year").GetString(), out var schoolYear))
                {
                    problems.AddRaw($"{path}.year: '{year.GetProperty("year")}' is not a school year. Write it as 2025/26.");
                    continue;
                }

                years.Add(schoolYear.Value);
                foreach (var term in year.GetProperty("terms").EnumerateArray())
                {
                    terms.Add(new TermBlock(term.GetProperty("name").GetString() ?? "Term", Date(term, "start"), Date(term, "end")));
                }

                if (year.TryGetProperty("half_terms", out var halfTerms))
                {
                    foreach (var holiday in halfTerms.EnumerateArray())
                    {
                        holidays.Add(new SchoolHoliday(holiday.GetProperty("name").GetString() ?? "Holiday", Date(holiday, "start"), Date(holiday, "end")));
                    }
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problems.AddRaw($"{termFile}: the term dates cannot be read ({exception.Message}). Each year needs \"year\" (\"2025/26\") and \"terms\" with \"name\", \"start\" and \"end\" as YYYY-MM-DD.");
            return null;
        }

        if (bankCoverageEnd is { } end && years.Count > 0 && years.Max().LastDay > end)
        {
            problems.AddRaw($"{bankFile}: bank holidays are listed only to {end:yyyy-MM-dd}, but the term dates run to {years.Max()}. Add the later bank holidays from gov.uk.");
        }

        try
        {
            // Named as the operator sees it: beside the profile file.
            var shownTermFile = Path.Combine(Path.GetDirectoryName(profileFile) ?? string.Empty, termFile);
            return new SchoolCalendar(authority, years, terms, holidays, bankHolidays, shownTermFile);
        }
        catch (ArgumentException exception)
        {
            problems.AddRaw($"{termFile}: {exception.Message} Correct the dates from the authority's published term dates.");
            return null;
        }
    }

    private static List<BankHoliday> ReadBankHolidays(Problems problems, string file, string? text, out DateOnly? coverageEnd)
    {
        coverageEnd = null;
        var holidays = new List<BankHoliday>();
        if (text is null)
        {
            problems.Add("bankHolidays", $"the file '{file}' does not exist", "check the path, which is relative to the profile file");
            return holidays;
        }

        try
        {
            using var document = JsonDocument.Parse(text, Options);
            foreach (var holiday in document.RootElement.GetProperty("holidays").EnumerateArray())
            {
                holidays.Add(new BankHoliday(Date(holiday, "date"), holiday.GetProperty("title").GetString() ?? "Bank holiday"));
            }

            coverageEnd = document.RootElement.TryGetProperty("coverage", out var coverage) && coverage.TryGetProperty("to", out _)
                ? Date(coverage, "to")
                : holidays.Count == 0 ? null : new DateOnly(holidays.Max(h => h.Date).Year, 12, 31);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problems.AddRaw($"{file}: the bank holidays cannot be read ({exception.Message}). Use the gov.uk shape: {{\"holidays\": [{{\"date\": \"YYYY-MM-DD\", \"title\": \"...\"}}]}}.");
        }

        return holidays;
    }

    private static DateOnly Date(JsonElement element, string property) =>
        DateOnly.ParseExact(element.GetProperty(property).GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Collects every problem with the file and field it is in.</summary>
    private sealed class Problems(string file)
    {
        private readonly List<string> _problems = [];

        public void Add(string field, string problem, string fix) => _problems.Add($"{file}: {field}: {problem}. Fix: {fix}.");

        public void AddRaw(string problem) => _problems.Add(problem);

        public void ThrowIfAny()
        {
            if (_problems.Count > 0)
            {
                throw new ProfileInvalidException(file, _problems);
            }
        }

        public string? OptionalString(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!.Trim()
                : null;

        public string? RequiredString(JsonElement element, string property, string what, string? parent = null)
        {
            var value = OptionalString(element, property);
            if (value is null)
            {
                Add(Path(parent, property), "is missing", $"add {what}");
            }

            return value;
        }

        public EmailAddress? RequiredAddress(JsonElement element, string property, string what, string? parent = null)
        {
            var text = OptionalString(element, property);
            if (text is null)
            {
                Add(Path(parent, property), "is missing", $"add {what}");
                return null;
            }

            if (!EmailAddress.TryParse(text, out var address))
            {
                Add(Path(parent, property), $"'{text}' is not an email address", $"write {what} as e.g. cme-west@example.org");
                return null;
            }

            return address;
        }

        public DateOnly? RequiredDate(JsonElement element, string property, string what)
        {
            var text = OptionalString(element, property);
            if (text is null)
            {
                Add(property, "is missing", $"add {what} as YYYY-MM-DD");
                return null;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Add(property, $"'{text}' is not a date", "write it as YYYY-MM-DD");
                return null;
            }

            return date;
        }

        public JsonElement? RequiredArray(JsonElement element, string property, string what, string? parent = null)
        {
            if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                return value;
            }

            Add(Path(parent, property), "is missing", $"add {what}");
            return null;
        }

        public int PositiveInt(JsonElement element, string property, int fallback, string parent)
        {
            if (!element.TryGetProperty(property, out var value))
            {
                return fallback;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 1)
            {
                return number;
            }

            Add(Path(parent, property), $"'{value}' is not a whole number of at least 1", $"write a number such as {fallback}, or remove it to use the policy default of {fallback}");
            return fallback;
        }

        public IReadOnlyList<int> IntList(JsonElement element, string property, IReadOnlyList<int> fallback, string parent)
        {
            if (!element.TryGetProperty(property, out var value))
            {
                return fallback;
            }

            if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0))
            {
                return value.EnumerateArray().Select(v => v.GetInt32()).Distinct().OrderDescending().ToArray();
            }

            Add(Path(parent, property), $"'{value}' is not a list of whole numbers of 0 or more", $"write e.g. [{string.Join(", ", fallback)}]");
            return fallback;
        }

        private static string Path(string? parent, string property) => parent is null ? property : $"{parent}.{property}";
    }
}
