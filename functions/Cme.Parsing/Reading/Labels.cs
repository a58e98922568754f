namespace Cme.Parsing;

/// <summary>
/// The labels English councils' CME, deletion and admissions forms use for each field, normalised
/// as <see cref="Form.Normalise"/> does ("Child's surname" and "Legal surname" are both <c>surname</c>;
/// "Name of pupil" is <c>name</c>).
/// </summary>
internal static class Labels
{
    public static readonly string[] FirstName = ["forename", "forenames", "first", "first name", "firstname", "given", "given name", "christian", "first names"];
    public static readonly string[] LastName = ["surname", "last", "last name", "lastname", "family", "family name", "surname/family", "family name/surname"];
    public static readonly string[] FullName = ["full", "full name", "name in full", "full names", "name", "details"];
    public static readonly string[] KnownAs = ["known as", "preferred", "preferred name", "also known as", "aka"];
    public static readonly string[] DateOfBirth = ["date birth", "dob", "d o b", "birth date", "date birth dob", "birthdate", "birth"];
    public static readonly string[] Upn = ["upn", "unique number", "unique number upn", "upn number", "upn if known", "unique no", "unique ref"];
    public static readonly string[] YearGroup = ["year group", "year", "nc year", "year group applied for", "current year group", "yr", "national curriculum year", "school year", "year group nc", "current year"];
    public static readonly string[] Gender = ["gender", "sex", "male/female", "gender/sex", "sex/gender", "m/f"];
    public static readonly string[] Address = ["address", "home address", "current address", "last known address", "address we were given", "address on our admission form", "address including postcode", "last address", "previous address"];
    public static readonly string[] Postcode = ["postcode", "post code", "postal code", "last known postcode", "home postcode"];
    public static readonly string[] School = ["school", "current school", "school offered", "allocated school", "school allocated", "previous school", "last school", "school attended", "school on roll", "school removing", "current/previous school", "current or previous school", "previous/current school", "last known school", "removing school", "school removing from roll", "offered school", "admitting school", "school place offered", "school place offered at", "school place", "current school/setting", "school/setting", "setting", "current setting", "school currently attending", "school currently attended", "school last attended", "on roll at", "school at", "from school"];
    public static readonly string[] DestinationSchool = ["destination school", "new school", "destination", "moving to school", "school moving to", "next school", "receiving school"];
    public static readonly string[] LastAttended = ["date last attended", "last attended", "last date attendance", "date last seen", "last day attendance", "last attendance", "last seen in school", "date last in school", "date last attendance", "last day attended", "last attendance date", "date last in education", "date last attendance at school", "last date attended", "last date in school", "date last attended school", "last attended school"];
    public static readonly string[] StartDate = ["agreed start date", "start date", "expected start date", "date started", "planned start date", "start", "date start", "actual start date", "date admission", "admission date", "start date at school", "proposed start date", "date due to start", "due to start", "date started at school", "first day", "start date agreed"];
    public static readonly string[] OfferDate = ["offer date", "date offer", "date offered", "date offer made", "offer made on", "date place offered", "date offer letter"];
    public static readonly string[] ReferrerEmail = ["referrer email", "email referrer", "referrer e mail", "email", "e mail", "email address", "your email", "your email address", "your e mail", "your e mail address", "email address referrer", "contact email", "referrer email address", "email address for contact"];
    public static readonly string[] ParentsCarers = ["parent/carer", "parent/carers", "parent carer", "parents/carers", "parents", "parent", "mum", "mother", "dad", "father", "carer", "parent/carer s", "parent/carer name", "parent s /carer s", "parent/carer full"];
    public static readonly string[] ContactPhone = ["contact number", "telephone", "phone", "tel", "mobile", "contact telephone", "parent phone", "parent/carer phone", "telephone number", "phone number"];
    public static readonly string[] ReferrerName = ["referrer name", "referrer", "referrer name / role", "name referrer", "completed by", "your name", "reported by", "submitted by", "person making referral", "person making this referral", "referring professional", "referred by", "referrer / role", "referrer/role", "referrer / job title"];
    public static readonly string[] ReferrerRole = ["role", "referrer role", "job title", "position", "your role", "designation"];
    public static readonly string[] ReferrerPhone = ["referrer telephone", "referrer phone", "your telephone", "your phone", "your telephone number", "your phone number"];
    public static readonly string[] ActionsTaken = ["actions taken", "action taken", "enquiries made", "enquiries made by school", "reasonable enquiries", "what has been done", "actions already taken", "actions taken prior to referral", "enquiries undertaken"];

    /// <summary>Labels forms use that this product does not read, known so a table's label row is recognised.</summary>
    public static readonly HashSet<string> Other =
    [
        .. KnownAs, .. Gender, "ethnicity", "religion", "first language", "language", "nationality", "reason", "reason for referral", "reason for removal",
        "ground", "ground for deletion", "ground for removal", "date", "date referral", "organisation", "agency", "team", "la", "local authority",
        "status", "notes", "comments", "further information", "additional information", "sen", "ehcp", "siblings", "sibling", "sibling s",
    ];

    public static readonly HashSet<string> All =
    [
        .. FirstName, .. LastName, .. FullName.Where(l => l != "details"), .. DateOfBirth, .. Upn, .. YearGroup, .. Address, .. Postcode, .. School, .. DestinationSchool,
        .. LastAttended, .. StartDate, .. OfferDate, .. ReferrerEmail, .. ParentsCarers, .. ContactPhone, .. ReferrerName, .. ReferrerRole, .. ReferrerPhone, .. ActionsTaken, "referrer name role", .. Gender,
    ];
}

/// <summary>
/// What a label means when it is none of the known synonyms: "Date of last attendance at this school",
/// "Last day seen in education". Tried after the synonyms, so a known label always wins.
/// </summary>
internal static partial class LabelMeaning
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?!.*\b(phone|tel|email|address|postcode|reason)\b)(.*\blast\b.*\b(attend\w*|seen|in school|in education|day|present|registered)\b|.*\b(attend\w*|seen (in|at) school)\b.*\blast\b|last (date|day))", System.Text.RegularExpressions.RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    public static partial System.Text.RegularExpressions.Regex LastAttended();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?!.*\blast\b).*\b(start(ed|ing)?|admission|admitted|joining)\b.*\b(date|day|on)\b|^(date|day)\b.*\b(start(ed|ing)?|admission|admitted|joined)\b", System.Text.RegularExpressions.RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    public static partial System.Text.RegularExpressions.Regex StartDate();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(birth|dob|d o b|born)\b", System.Text.RegularExpressions.RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    public static partial System.Text.RegularExpressions.Regex DateOfBirth();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?!.*\b(date|day|days|seen|since|when|start|started|starting|phone|tel|telephone|email|e mail|address|postcode|aged|year|destination|new|moving|next|receiving|sibling|contact|urn|dfe|number|head|dsl|type|offer date)\b).*\b(school|academy|setting|college|provision|education provider)\b", System.Text.RegularExpressions.RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    public static partial System.Text.RegularExpressions.Regex School();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?!.*\b(parent|carer|mother|father|sibling|referrer|your|staff|officer|doctor|gp)\b).*\b(surname|family name|last name)\b", System.Text.RegularExpressions.RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    public static partial System.Text.RegularExpressions.Regex LastName();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?!.*\b(parent|carer|mother|father|sibling|referrer|your|staff|officer|doctor|gp)\b).*\b(forenames?|first names?|given names?|christian names?)\b", System.Text.RegularExpressions.RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    public static partial System.Text.RegularExpressions.Regex FirstName();
}
