using System.CommandLine;
using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;

namespace Cme.Cli;

/// <summary>`cme profile check`: validates an authority profile and summarises it.</summary>
public static class ProfileCommands
{
    public static Command Create()
    {
        var profile = new Command("profile", "Authority profiles: mailbox, areas, routing, deadlines and term dates.");
        var name = new Option<string?>("--profile") { Description = "The profile to check; default the configured one (Cme:Profile)." };
        var check = new Command("check", "Validate a profile and print a summary; a problem is reported with its file, field and fix.") { name };
        check.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                var loaded = CliProfiles.Load(parseResult.GetValue(name));
                Summarise(loaded, output);
                return 0;
            }
            catch (Exception exception) when (exception is ProfileInvalidException or ConfigurationException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(exception.Message);
                return 1;
            }
        });
        profile.Subcommands.Add(check);
        return profile;
    }

    private static void Summarise(AuthorityProfile profile, TextWriter output)
    {
        output.WriteLine($"Profile {profile.Key} is valid.");
        output.WriteLine($"  Authority:      {profile.Name}");
        output.WriteLine($"  CME mailbox:    {profile.Mailbox}");
        output.WriteLine($"  Time zone:      {profile.TimeZone.Id}");
        output.WriteLine($"  Manager:        {profile.Manager}");
        foreach (var area in profile.Areas)
        {
            var districts = profile.Routing.Districts.Where(d => d.Area == area.Id).ToList();
            output.WriteLine($"  Area {area.Name,-10} officer {area.Officer}; districts: {string.Join(", ", districts.Select(d => d.Name))} ({districts.Sum(d => d.PostcodeDistricts.Count)} postcode districts)");
        }

        output.WriteLine($"  Default area:   {profile.Routing.DefaultArea} (for a missing or unknown postcode)");
        foreach (var (role, address) in profile.Addresses)
        {
            output.WriteLine($"  {role + ":",-23} {address}");
        }

        output.WriteLine($"  Term dates:     {string.Join(", ", profile.Calendar.CoveredYears)} ({profile.Calendar.TermDatesFile})");
        output.WriteLine($"  Policy review:  {profile.PolicyReviewDate:yyyy-MM-dd}");
        output.WriteLine($"  DfE census:     {(profile.Census.Dates.Count == 0 ? "no census dates listed (census.dates)" : string.Join(", ", profile.Census.Dates.Select(c => c.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))))}; the digest warns {profile.Census.WarningDays} days before");
        output.WriteLine($"  CME reasons:    {profile.Census.Reasons.All.Count} (#reason <slug>):");
        foreach (var reason in profile.Census.Reasons.All)
        {
            output.WriteLine($"    {reason.Slug,-34} {reason.Label}");
        }

        var d = profile.Deadlines;
        output.WriteLine($"  Deadlines:      on roll within {d.OnRollSchoolDays} school days; no-show review {d.NoShowReviewSchoolDays}; referral review {d.ReferralReviewSchoolDays}");
        output.WriteLine($"  Reminders:      {string.Join(", ", d.ReminderSchoolDaysBefore)} school days before due; escalation repeats every {d.EscalationRepeatSchoolDays} school days; policy review reminders {string.Join(", ", d.PolicyReviewReminderDaysBefore)} days before");
        output.WriteLine($"  Notifications:  from {profile.Notifications.From}; full names {(profile.Notifications.IncludeFullNames ? "included" : "not included (initials only)")}");
    }
}
