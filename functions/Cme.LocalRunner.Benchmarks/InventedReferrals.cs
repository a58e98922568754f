using System.Globalization;
using System.Text;

namespace Cme.LocalRunner.Benchmarks;

/// <summary>
/// Referral emails about invented children, every one a different child (its own UPN, and its own
/// name with date of birth), in the school referral-form shape the parser reads. Role addresses at
/// example domains only; no real person or child.
/// </summary>
public static class InventedReferrals
{
    // Prime lengths: with the prime day spread below, (first, last, birthday) differ for every n up to 37 × 41 × 2557.
    private static readonly string[] FirstNames =
    [
        "Alder", "Brindle", "Cress", "Dunlin", "Elowen", "Fennel", "Garnet", "Hazel", "Ibis", "Juniper",
        "Kestrel", "Linnet", "Merlin", "Nettle", "Osier", "Pippin", "Quill", "Rowan", "Sorrel", "Tansy",
        "Umber", "Vetch", "Wren", "Yarrow", "Zinnia", "Aspen", "Bramble", "Clover", "Dove", "Ember",
        "Finch", "Gorse", "Heath", "Iris", "Jasper", "Kale", "Larch",
    ];

    private static readonly string[] LastNames =
    [
        "Ashcombe", "Brackwater", "Coldharbour", "Dimmock", "Eddowes", "Fairlop", "Gatwood", "Hollins", "Ickford", "Jessop",
        "Kemberton", "Longstock", "Marlcliff", "Netherby", "Oakhanger", "Pennock", "Quarndon", "Ravensworth", "Stowlangtoft", "Thursby",
        "Upware", "Vowchurch", "Wetherden", "Yarnfield", "Zeals", "Ambridge", "Burcot", "Chilworth", "Dunsop", "Exbourne",
        "Fritham", "Grindle", "Hartest", "Ilmer", "Jaywick", "Kettleburgh", "Lydiard", "Milcote", "Nobottle", "Ockle", "Puxton",
    ];

    private const int BirthdaySpread = 2557;

    private static readonly string[] PostcodeDistricts = ["WD17", "WD18", "AL1", "AL3", "HP1", "SG1", "SG12", "EN8", "AL7", "WD6"];

    // The letters a postcode's inward code may use (never C, I, K, M, O or V).
    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    private const string UpnCheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    /// <summary>The <paramref name="n"/>-th invented referral, sent at <paramref name="sentAt"/> to <paramref name="mailbox"/>.</summary>
    public static byte[] Create(int n, string mailbox, DateTimeOffset sentAt)
    {
        var first = FirstNames[n % FirstNames.Length];
        var last = LastNames[n % LastNames.Length];
        var dateOfBirth = new DateOnly(2011, 9, 1).AddDays(n % BirthdaySpread);
        var school = $"school-{n % 97:D2}.example.org";
        var postcode = $"{PostcodeDistricts[n % PostcodeDistricts.Length]} {n % 10}{InwardLetters[n / 10 % InwardLetters.Length]}{InwardLetters[n / 200 % InwardLetters.Length]}";
        var text = $"""
            From: School Office <office@{school}>
            To: Children Missing Education <{mailbox}>
            Subject: CME Referral Form - {first[0]} {last}
            Date: {sentAt.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)}
            Message-ID: <bench-{n:D7}@{school}>
            Content-Type: text/plain; charset="utf-8"
            Content-Transfer-Encoding: 7bit
            MIME-Version: 1.0

            Good morning,

            Please find below a Children Missing Education referral.

            ==============================================================
            CHILDREN MISSING EDUCATION - REFERRAL FORM
            ==============================================================

            SECTION 1 - CHILD DETAILS
            Child surname:            {last}
            Child forename(s):        {first}
            Date of birth:            {dateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}
            UPN:                      {Upn(n)}
            Year group:               {1 + (n % 11)}
            Current school:           School {n % 97:D2}
            Date last attended:       {sentAt.AddDays(-10).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}

            SECTION 2 - LAST KNOWN ADDRESS / FAMILY
            Address:                  {1 + (n % 180)} Invented Road
            Postcode:                 {postcode}

            SECTION 3 - REASON FOR REFERRAL
            The child has not attended for ten days and the family cannot be reached.

            SECTION 4 - VULNERABILITIES / RISK FACTORS
            Known to social care:               No
            Child protection plan:              No
            Looked after child:                 No

            SECTION 5 - REFERRER
            Role:                     Attendance Officer
            Email:                    attendance@{school}
            Date of referral:         {sentAt.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}
            """;
        return Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));
    }

    /// <summary>A UPN with the DfE check letter: 919 (an invented LA code), then the number, weighted 2–13 and summed mod 23.</summary>
    public static string Upn(int n)
    {
        var digits = "919" + n.ToString("D9", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var position = 2; position <= 13; position++)
        {
            sum += (digits[position - 2] - '0') * position;
        }

        return UpnCheckLetters[sum % 23] + digits;
    }
}
