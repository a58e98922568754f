using Cme.Core.Commands;

namespace Cme.Core.Tests.Commands;

public sealed class OfficerCommandTests
{
    [Theory]
    [InlineData("#onroll Oakfield Primary 2026-11-20", "Oakfield Primary", "2026-11-20")]
    [InlineData("#onroll Oakfield Primary 20/11/2026", "Oakfield Primary", "2026-11-20")]
    [InlineData("#OnRoll St Mary's C of E School 20 November 2026", "St Mary's C of E School", "2026-11-20")]
    public void An_on_roll_command_gives_the_school_and_the_start_date(string line, string school, string date)
    {
        var command = Assert.IsType<OfficerCommand.OnRoll>(OfficerCommand.Read(line).Command);

        Assert.Equal(school, command.School);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), command.From);
    }

    [Theory]
    [InlineData("#located", typeof(OfficerCommand.Located))]
    [InlineData("#socialcare", typeof(OfficerCommand.SocialCare))]
    [InlineData("#lostpupil", typeof(OfficerCommand.LostPupil))]
    [InlineData("#ehe", typeof(OfficerCommand.Ehe))]
    [InlineData("#reviewed", typeof(OfficerCommand.Reviewed))]
    [InlineData("#close moved abroad, confirmed by the embassy", typeof(OfficerCommand.Close))]
    [InlineData("#done Housing", typeof(OfficerCommand.Done))]
    [InlineData("#note spoke to grandmother", typeof(OfficerCommand.Note))]
    public void Each_command_is_read(string line, Type expected)
    {
        Assert.IsType(expected, OfficerCommand.Read(line).Command);
    }

    [Theory]
    [InlineData("#note Leo Ashcombe seen at 41 Quillan Road", "#note")] // the text after the verb is the officer's, and may name the child
    [InlineData("#onroll Hornbeam Lane Primary 2026-11-20", "#onroll")]
    [InlineData("#Ashcombe family moved", "an unreadable command")] // an unknown verb is free text too
    [InlineData("#done", "an unreadable command")]
    public void A_readings_name_is_the_verb_alone(string line, string name)
    {
        Assert.Equal(name, OfficerCommand.Read(line).Name);
    }

    [Theory]
    [InlineData("#onroll Oakfield Primary", "#onroll needs the school and the date")]
    [InlineData("#close", "#close needs a reason")]
    [InlineData("#done", "#done needs the checklist item")]
    [InlineData("#shred", "#shred is not a command")]
    public void A_command_that_cannot_be_read_says_what_is_wrong(string line, string problem)
    {
        var reading = OfficerCommand.Read(line);

        Assert.Null(reading.Command);
        Assert.StartsWith(problem, reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_is_the_first_line_starting_with_a_hash()
    {
        var reading = OfficerCommand.FindIn("Hi team,\n\n  #located  \nFound at her aunt's, attending Oakfield.\n#close other");

        Assert.IsType<OfficerCommand.Located>(reading!.Command);
    }

    [Fact]
    public void Text_without_a_command_line_is_correspondence()
    {
        Assert.Null(OfficerCommand.FindIn("Please see the attached letter. Ref #1234 and C# code are not commands."));
    }
}
