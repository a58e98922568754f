using System.Text;
using Cme.Core.Children;

namespace Cme.Parsing.Tests;

/// <summary>The child's sex and year group, as referral forms state them (Gender/Sex, Year/Year group/NC year).</summary>
public sealed class CensusFactsParsingTests
{
    private static Core.Intake.ParsedEmail Parse(string body, string contentType = "text/plain") =>
        new EmailParser().Parse(Encoding.UTF8.GetBytes(
            "From: attendance@oakfield.sch.example.org\r\nTo: cme@example.org\r\nSubject: CME referral\r\n" +
            "Date: Mon, 12 Oct 2026 09:00:00 +0100\r\nMessage-ID: <census-facts@example.org>\r\nMIME-Version: 1.0\r\n" +
            $"Content-Type: {contentType}; charset=utf-8\r\n\r\n" +
            "Dear CME team,\r\nPlease accept this referral for a child missing education.\r\n\r\n" + body.Replace("\n", "\r\n", StringComparison.Ordinal)));

    [Theory]
    [InlineData("First name: Nia\nSurname: Invented\nDate of birth: 03/04/2015\nGender: Female\nYear group: Year 6\n", Sex.Female, "Year 6")] // colon form
    [InlineData("CHILD'S DETAILS\nLegal surname - Invented\nLegal forename - Nia\nGender - Male\nDOB - 3rd April 2015\nNC Year - 6\n", Sex.Male, "Year 6")] // dash form
    [InlineData("Surname = Invented\nForename = Nia\nSex = F\nDOB = 3/4/2015\nYear = R\n", Sex.Female, "Reception")] // equals form, one-letter answers
    [InlineData("Surname\nInvented\n\nFirst name\nNia\n\nSex\nMale\n\nDate of birth\n03/04/2015\n", Sex.Male, null)] // label on the line above its value; no year
    public void A_form_stating_the_childs_sex_and_year_group_gives_them(string form, Sex sex, string? yearGroup)
    {
        var parsed = Parse(form);

        Assert.Equal(sex, parsed.Child.Sex);
        Assert.Equal(yearGroup, parsed.Child.YearGroup?.ToString());
    }

    [Fact]
    public void An_html_table_form_gives_the_sex()
    {
        var parsed = Parse("<table><tr><td><b>First name</b></td><td>Nia</td></tr><tr><td><b>Surname</b></td><td>Invented</td></tr><tr><td><b>Date of birth</b></td><td>03/04/2015</td></tr><tr><td><b>Sex</b></td><td>Female</td></tr><tr><td><b>Year group</b></td><td>Year 5</td></tr></table>", "text/html");

        Assert.Equal((Sex.Female, "Year 5"), (parsed.Child.Sex, parsed.Child.YearGroup?.ToString()));
    }

    [Theory]
    [InlineData("Gender: Prefer not to say")] // not a value the return has: left for the officer
    [InlineData("Gender:")]
    [InlineData("Year group: Year 12")] // sixth form: not compulsory school age
    public void A_sex_or_year_the_return_does_not_count_is_not_read(string line)
    {
        var parsed = Parse("First name: Nia\nSurname: Invented\nDate of birth: 03/04/2015\n" + line + "\n");

        Assert.Null(parsed.Child.Sex);
        Assert.Null(parsed.Child.YearGroup);
    }

    [Fact]
    public void Cme_parse_prints_sex_and_keeps_year_group_as_before()
    {
        var json = ParseContract.ToJson("form.eml", () => Parse("First name: Nia\nSurname: Invented\nDate of birth: 03/04/2015\nGender: Female\nYear group: Year 6\n"));

        Assert.Contains("\"yearGroup\":\"6\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sex\":\"Female\"", json, StringComparison.Ordinal);
    }
}
