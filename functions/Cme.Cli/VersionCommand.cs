using System.CommandLine;
using System.Reflection;

namespace Cme.Cli;

/// <summary>`cme about`: what this build is, so an operator can quote it in a support call.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("about", "Print the product name and build version.");
        command.SetAction(parseResult =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            parseResult.InvocationConfiguration.Output.WriteLine($"CME Functions {version}");
            return 0;
        });
        return command;
    }
}
