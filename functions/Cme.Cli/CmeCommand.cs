using System.CommandLine;

namespace Cme.Cli;

/// <summary>The `cme` root command. Each area registers its own subcommands in its own file.</summary>
public static class CmeCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("CME Functions: tools for a local authority's Children Missing Education service.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(CalendarCommands.Create());
        root.Subcommands.Add(ProfileCommands.Create());
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(TriageCommands.Create());
        root.Subcommands.Add(MailboxCommands.Create());
        root.Subcommands.Add(CaseCommands.CreateCases());
        root.Subcommands.Add(CaseCommands.CreateCase());
        root.Subcommands.Add(PolicyCommands.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(CensusCommand.Create());
        root.Subcommands.Add(DigestCommands.Create());
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(IndexCommands.Create());
        return root;
    }
}
