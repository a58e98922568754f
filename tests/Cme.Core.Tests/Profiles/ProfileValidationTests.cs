using System.Text.Json.Nodes;
using Cme.Core.Children;
using Cme.Core.Profiles;

namespace Cme.Core.Tests.Profiles;

public sealed class ProfileValidationTests
{
    private const string File = "profiles/broken.json";

    [Fact]
    public void Both_shipped_profiles_are_valid()
    {
        Assert.Equal("csf.cme@hertfordshire.gov.uk", ShippedProfiles.Hertfordshire.Mailbox.Value);
        Assert.Equal("cme@havering.gov.uk", ShippedProfiles.Havering.Mailbox.Value);
        Assert.Equal(new DateOnly(2025, 7, 1), ShippedProfiles.Havering.PolicyReviewDate);
        Assert.Equal("Europe/London", ShippedProfiles.Hertfordshire.TimeZone.Id);
    }

    [Theory]
    [InlineData("WD17 1AA", "west", "Watford")] // Watford is in the West area
    [InlineData("SG1 2AB", "east", "Stevenage")] // Stevenage is in the East area
    [InlineData("AL10 9NB", "east", "Welwyn Hatfield")] // Hatfield: East, though AL is mostly West
    public void A_childs_postcode_district_decides_the_district_and_so_the_area(string postcode, string area, string district)
    {
        var routing = ShippedProfiles.Hertfordshire.Route(Postcode.Parse(postcode));

        Assert.Equal((area, district, (string?)null), (routing.Area, routing.District, routing.DefaultReason));
    }

    [Fact]
    public void An_unknown_postcode_routes_to_the_default_area_and_says_so()
    {
        var routing = ShippedProfiles.Hertfordshire.Route(Postcode.Parse("RM7 0QX"));

        Assert.Equal("west", routing.Area);
        Assert.Contains("RM7 is not in the Hertfordshire County Council routing table", routing.DefaultReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_postcode_routes_to_the_default_area_and_says_so()
    {
        Assert.Equal("no postcode was given", ShippedProfiles.Havering.Route(null).DefaultReason);
    }

    [Fact]
    public void The_census_dates_and_the_DfE_reasons_are_read_from_the_profile()
    {
        Assert.Contains(new DateOnly(2026, 10, 1), ShippedProfiles.Hertfordshire.Census.Dates);
        Assert.Equal(20, ShippedProfiles.Hertfordshire.Census.Reasons.All.Count);
        Assert.Equal("Moved in from another local authority", ShippedProfiles.Hertfordshire.Census.Reasons.Find("moved-in-from-another-la")!.Label);
        Assert.Equal(new DateOnly(2026, 10, 1), ShippedProfiles.Hertfordshire.Census.NextOnOrAfter(new DateOnly(2026, 9, 14)));
    }

    [Fact]
    public void A_census_date_in_a_school_year_without_term_dates_names_the_year_and_the_fix()
    {
        var error = Broken(p => p["census"]!["dates"]!.AsArray().Add("2027-10-07"));

        Assert.Contains("census.dates[9]: 2027-10-07 is in school year 2027/28, which the term dates do not cover. Fix: add 2027/28's term dates, or remove the date.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_list_replaces_the_default_and_must_keep_not_recorded()
    {
        var error = Broken(p => p["census"]!["reasons"] = new JsonArray(new JsonObject { ["slug"] = "other", ["label"] = "Other" }));

        Assert.Contains("census.reasons: has no 'not-recorded' reason. Fix: add { \"slug\": \"not-recorded\", \"label\": \"Not recorded\" }", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_district_in_an_unknown_area_names_the_file_the_field_and_the_fix()
    {
        var error = Broken(p => p["routing"]!["districts"]![3]!["area"] = "north");

        Assert.Contains("profiles/broken.json: routing.districts[3].area: 'north' is not one of the areas (west, east). Fix: use one of those or add the area under 'areas'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postcode_district_routed_twice_is_refused()
    {
        var error = Broken(p => p["routing"]!["districts"]![1]!["postcodeDistricts"]!.AsArray().Add("WD17"));

        Assert.Contains("routing.districts[1].postcodeDistricts[2]: postcode district WD17 is already routed to Watford", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_address_is_refused_with_an_example_of_a_good_one()
    {
        var error = Broken(p => p["areas"]![0]!["officer"] = "west officer");

        Assert.Contains("profiles/broken.json: areas[0].officer: 'west officer' is not an email address. Fix: write the area officer's role address as e.g. cme-west@example.org.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_field_is_named()
    {
        var error = Broken(p => p.Remove("mailbox"));

        Assert.Contains("profiles/broken.json: mailbox: is missing. Fix: add the monitored CME mailbox.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Broken(p =>
        {
            p.Remove("manager");
            p["policyReviewDate"] = "next September";
            p["deadlines"]!["onRollSchoolDays"] = 0;
        });

        Assert.Equal(3, error.Problems.Count);
    }

    [Fact]
    public void A_missing_term_dates_file_is_named()
    {
        var error = Broken(p => p["termDates"] = "calendars/nowhere.json");

        Assert.Contains("termDates: the file 'calendars/nowhere.json' does not exist", error.Message, StringComparison.Ordinal);
    }

    private static ProfileInvalidException Broken(Action<JsonObject> damage)
    {
        var json = JsonNode.Parse(
            System.IO.File.ReadAllText(Path.Combine(ShippedProfiles.Folder, "hertfordshire.json")),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        damage(json);
        return Assert.Throws<ProfileInvalidException>(() => ShippedProfiles.Read(File, json.ToJsonString()));
    }
}
