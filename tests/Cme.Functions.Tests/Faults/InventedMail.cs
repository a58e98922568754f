using System.Globalization;
using System.Text;
using Cme.Application.Intake;

namespace Cme.Functions.Tests.Faults;

/// <summary>What the fault tests expect ingestion to make of one invented email.</summary>
internal enum ExpectedOutcome
{
    /// <summary>A referral for a child no other email names: one new case and one acknowledgement.</summary>
    OpensCase,

    /// <summary>An update quoting a case reference that was never issued: one triage record, no reply.</summary>
    Triage,

    /// <summary>An out-of-office reply: one ignored-mail ledger entry, never answered.</summary>
    Ignored,
}

/// <summary>One invented email: the file dropped into the folder mailbox and what should become of it.</summary>
internal sealed record InventedEmail(int Index, string FileName, string MessageId, ExpectedOutcome Expected, string Mime)
{
    /// <summary>The key ingestion files this email under in the ledger and triage (from its Message-ID and content).</summary>
    public string Key => EmailKeys.For(MessageId, Encoding.UTF8.GetBytes(Mime)).Key;
}

/// <summary>
/// A mailbox's worth of invented Hertfordshire mail: eight referrals in ten, each for a different
/// invented child (name, date of birth, a UPN with a valid check letter, a postcode in one of the
/// profile's districts); one in ten a reply about a case that does not exist; one in ten an
/// out-of-office reply. Every school, address and person is made up, at example domains.
/// </summary>
internal static class InventedMail
{
    /// <summary>Case numbers quoted by the triage-bound replies: far above anything a test run issues.</summary>
    public const int FirstUnissuedCaseNumber = 90000;

    private const string CheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    private static readonly string[] Forenames =
    [
        "Alfie", "Bryony", "Caspian", "Delphine", "Ezra", "Fenella", "Gideon", "Honor", "Ivo", "Juniper",
        "Kit", "Linnea", "Magnus", "Nerys", "Orrin", "Perdita", "Quill", "Rosalind", "Silas", "Tamsin",
        "Ulric", "Verity", "Wilder", "Xanthe", "Yorick",
    ];

    private static readonly string[] Surnames =
    [
        "Ashbury", "Brackenfold", "Cinderby", "Dunmarsh", "Elderwick", "Foxhallow", "Greywether", "Hollinshed", "Ivybridge", "Juniperlow",
        "Kestlemere", "Larkspurr", "Mossbeck", "Nettlecombe", "Oakhanger", "Pennywhistle", "Quarrendon", "Rookwood", "Sallowfield", "Thistlebury",
    ];

    private static readonly string[] PostcodeDistricts = ["WD18", "AL3", "HP2", "SG1", "EN8", "SG12", "AL7", "WD6"];

    // The letters a postcode's inward code may use (never C, I, K, M, O or V).
    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    private static readonly string[] Schools = ["Oakfield Primary", "Hillside Academy", "Meadowbank School", "Riverside Junior"];

    public static IReadOnlyList<InventedEmail> Batch(int count, DateTimeOffset sentAt, string batch)
    {
        if (count > Forenames.Length * Surnames.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Not enough invented names for that many distinct children.");
        }

        return Enumerable.Range(0, count).Select(i => (i % 10) switch
        {
            8 => UpdateToUnknownCase(i, sentAt, batch),
            9 => OutOfOffice(i, sentAt, batch),
            _ => Referral(i, sentAt, batch),
        }).ToList();
    }

    /// <summary>The year of the case references the batch's referrals get (the UK year they were sent in).</summary>
    public static int CaseYear(DateTimeOffset sentAt) => TimeZoneInfo.ConvertTime(sentAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Year;

    /// <summary>Writes the emails into a folder mailbox's inbox, old enough that the poll takes them at once.</summary>
    public static void DropInto(string inbox, IEnumerable<InventedEmail> emails)
    {
        Directory.CreateDirectory(inbox);
        var settled = DateTime.UtcNow.AddMinutes(-1);
        foreach (var email in emails)
        {
            var path = Path.Combine(inbox, email.FileName);
            File.WriteAllText(path, email.Mime);
            File.SetLastWriteTimeUtc(path, settled);
        }
    }

    /// <summary>A UPN for the n-th child: LA 919, an invented school number, and the DfE check letter.</summary>
    public static string Upn(int n)
    {
        var digits = string.Create(CultureInfo.InvariantCulture, $"9192101{16 + (n % 3):D2}{n % 1000:D3}");
        var sum = 0;
        for (var position = 2; position <= 13; position++)
        {
            sum += (digits[position - 2] - '0') * position;
        }

        return CheckLetters[sum % 23] + digits;
    }

    private static InventedEmail Referral(int i, DateTimeOffset sentAt, string batch)
    {
        var forename = Forenames[i % Forenames.Length];
        var surname = Surnames[i / Forenames.Length % Surnames.Length];
        var dateOfBirth = new DateOnly(2012, 9, 1).AddDays(i * 7 % 2400);
        var school = Schools[i % Schools.Length];
        var postcode = $"{PostcodeDistricts[i % PostcodeDistricts.Length]} {1 + (i % 9)}{InwardLetters[i % InwardLetters.Length]}{InwardLetters[i / 7 % InwardLetters.Length]}";
        var sender = $"dsl@{school.ToLowerInvariant().Replace(' ', '-')}.example.org";
        var body = $"""
            Please find our Children Missing Education referral below.

            Child surname:        {surname}
            Child forename(s):    {forename}
            Date of birth:        {dateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}
            UPN:                  {Upn(i)}
            Current school:       {school} School
            Date last attended:   {DateOnly.FromDateTime(sentAt.UtcDateTime).AddDays(-7).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}
            Address:              {1 + i} Example Road
            Postcode:             {postcode}

            Reason: {forename} has not attended for a week; phone calls unanswered and a home visit found no one in.

            Referrer: Designated Safeguarding Lead, {school} School
            Email: {sender}
            """;
        return Email(i, batch, ExpectedOutcome.OpensCase, sender, $"CME referral - {forename[0]} {surname}", sentAt, body, []);
    }

    private static InventedEmail UpdateToUnknownCase(int i, DateTimeOffset sentAt, string batch)
    {
        var reference = string.Create(CultureInfo.InvariantCulture, $"CME-{sentAt.Year}-{FirstUnissuedCaseNumber + i:D5}");
        var sender = "attendance@meadowbank-school.example.org";
        var body = $"""
            Hello,

            Following up on {reference}: we made another home visit yesterday and there was no answer.
            We will keep trying the family's phone numbers.

            Attendance Officer
            Meadowbank School
            """;
        return Email(i, batch, ExpectedOutcome.Triage, sender, $"RE: {reference} - home visit", sentAt, body, []);
    }

    private static InventedEmail OutOfOffice(int i, DateTimeOffset sentAt, string batch)
    {
        var sender = "head@oakfield-primary.example.org";
        return Email(i, batch, ExpectedOutcome.Ignored, sender, "Automatic reply: CME referral", sentAt, "I am out of the office until Monday and will reply on my return.", [("Auto-Submitted", "auto-replied")]);
    }

    private static InventedEmail Email(int i, string batch, ExpectedOutcome expected, string from, string subject, DateTimeOffset sentAt, string body, (string Name, string Value)[] headers)
    {
        var messageId = string.Create(CultureInfo.InvariantCulture, $"fault-{batch}-{i:D4}@example.org");
        var mime = new StringBuilder();
        mime.Append(CultureInfo.InvariantCulture, $"From: {from}\r\n");
        mime.Append("To: CSF CME <csf.cme@hertfordshire.gov.uk>\r\n");
        mime.Append(CultureInfo.InvariantCulture, $"Subject: {subject}\r\n");
        mime.Append(CultureInfo.InvariantCulture, $"Date: {sentAt.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)}\r\n");
        mime.Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId}>\r\n");
        foreach (var (name, value) in headers)
        {
            mime.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        mime.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        mime.Append(body.ReplaceLineEndings("\r\n")).Append("\r\n");
        return new InventedEmail(i, string.Create(CultureInfo.InvariantCulture, $"{batch}-{i:D4}.eml"), messageId, expected, mime.ToString());
    }
}
