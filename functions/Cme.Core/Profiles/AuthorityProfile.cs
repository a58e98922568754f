using Cme.Core.Calendar;
using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Mail;

namespace Cme.Core.Profiles;

/// <summary>
/// One local authority, as configuration: its CME mailbox, areas and officers, routing by
/// postcode district, the addresses its policy names, its deadline parameters and its school
/// calendar. Every authority is a profile; no code branches on which one.
/// </summary>
public sealed record AuthorityProfile
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    /// <summary>How the service is named to referrers, e.g. "Hertfordshire".</summary>
    public required string ServiceName { get; init; }

    /// <summary>The monitored CME mailbox.</summary>
    public required EmailAddress Mailbox { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required IReadOnlyList<Area> Areas { get; init; }

    public required EmailAddress Manager { get; init; }

    public required Routing Routing { get; init; }

    /// <summary>The other addresses the policy names (school admissions, attendance duty teams), by role.</summary>
    public required IReadOnlyDictionary<string, EmailAddress> Addresses { get; init; }

    /// <summary>The date the authority's CME policy is next due for its annual review.</summary>
    public required DateOnly PolicyReviewDate { get; init; }

    public required DeadlineParameters Deadlines { get; init; }

    public required NotificationSettings Notifications { get; init; }

    public required SchoolCalendar Calendar { get; init; }

    /// <summary>Further staff addresses (officers' own work addresses) whose authenticated commands are applied, beyond the areas' officers and the manager.</summary>
    public IReadOnlyList<EmailAddress> Staff { get; init; } = [];

    /// <summary>The DfE's termly CME return: census dates, the reasons it counts, the digest's warning before a census.</summary>
    public CensusSettings Census { get; init; } = CensusSettings.Default;

    public Area AreaById(string id) => Areas.First(a => a.Id == id);

    /// <summary>Whether an address belongs to the CME team: an area's officer, the manager, or a listed staff address.</summary>
    public bool IsStaff(EmailAddress? address) =>
        address is not null && (address == Manager || Areas.Any(a => a.Officer == address) || Staff.Contains(address));

    /// <summary>
    /// The area a child's case belongs to, by the postcode district. A missing postcode, or a
    /// district not in the profile's table, goes to the default area, and the routing says why.
    /// </summary>
    public CaseRouting Route(Postcode? postcode)
    {
        if (postcode is null)
        {
            return new CaseRouting(Routing.DefaultArea, null, "no postcode was given");
        }

        return Routing.ByPostcodeDistrict.TryGetValue(postcode.District, out var district)
            ? new CaseRouting(district.Area, district.Name, null)
            : new CaseRouting(Routing.DefaultArea, null, $"postcode district {postcode.District} is not in the {Name} routing table");
    }
}

/// <summary>An area with its CME officer (a role address).</summary>
public sealed record Area(string Id, string Name, EmailAddress Officer);

/// <summary>Routing: each local district, its postcode districts and its area; and where the rest go.</summary>
public sealed record Routing(IReadOnlyList<District> Districts, string DefaultArea)
{
    public IReadOnlyDictionary<string, District> ByPostcodeDistrict { get; } =
        Districts.SelectMany(d => d.PostcodeDistricts.Select(p => (p, d))).ToDictionary(x => x.p, x => x.d, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A local council district (e.g. Watford) and the postcode districts that route to it.</summary>
public sealed record District(string Name, string Area, IReadOnlyList<string> PostcodeDistricts);

/// <summary>The policy's deadline numbers. Defaults are the Havering 2024/25 and Hertfordshire 2025/26 policies' values.</summary>
public sealed record DeadlineParameters
{
    /// <summary>An in-year offer: the child must be on roll within this many school days.</summary>
    public int OnRollSchoolDays { get; init; } = 10;

    /// <summary>A no-show: the officer's enquiries are due for review after this many school days.</summary>
    public int NoShowReviewSchoolDays { get; init; } = 10;

    /// <summary>A referral: the enquiries review is due after this many school days.</summary>
    public int ReferralReviewSchoolDays { get; init; } = 10;

    /// <summary>Officer reminders, in school days before the due day (0 is the due day itself).</summary>
    public IReadOnlyList<int> ReminderSchoolDaysBefore { get; init; } = [2, 0];

    /// <summary>A missed deadline escalates to the manager, then again every this many school days until resolved.</summary>
    public int EscalationRepeatSchoolDays { get; init; } = 2;

    /// <summary>Reminders to the manager before the policy review date, in calendar days.</summary>
    public IReadOnlyList<int> PolicyReviewReminderDaysBefore { get; init; } = [60, 30, 7];

    /// <summary>The local time reminders and escalations go out on their day. Default 08:00, before the school day starts.</summary>
    public TimeOnly NotifyAt { get; init; } = new(8, 0);

    /// <summary>The enquiries an officer makes on a referral, from the policies; ticked off with <c>#done</c>.</summary>
    public IReadOnlyList<ChecklistItem> EnquiriesChecklist { get; init; } = ChecklistItem.PolicyDefaults;
}

/// <summary>One enquiry on the checklist: a short id officers type (<c>#done housing</c>) and what it means.</summary>
public sealed record ChecklistItem(string Id, string Text)
{
    /// <summary>The enquiries both shipped policies list for a child missing education.</summary>
    public static IReadOnlyList<ChecklistItem> PolicyDefaults { get; } =
    [
        new("records", "Check systems and records (school, admissions, EHE, previous authority)"),
        new("social-care", "Contact Children's Social Care"),
        new("police", "Contact the police"),
        new("health", "Contact health services (school nursing, GP, health visitor)"),
        new("mash", "Make a MASH referral if required"),
        new("cross-border", "Make cross-border enquiries with other local authorities"),
        new("location", "Establish the family's location (home visit, neighbours, landlord)"),
        new("provision", "Confirm the child's education provision"),
        new("housing", "Contact housing, benefits and council tax"),
        new("border-control", "Request border-control information where relevant"),
    ];
}

/// <summary>How notifications are sent and how much they say.</summary>
public sealed record NotificationSettings(EmailAddress From, bool IncludeFullNames);
