using System.CommandLine;
using Cme.Application.Digest;

namespace Cme.Cli;

/// <summary>`cme digest preview`: the weekly digest as the manager would receive it now.</summary>
public static class DigestCommands
{
    public static Command Create()
    {
        var digest = new Command("digest", "The managers' weekly digest.");
        var profile = new Option<string?>("--profile") { Description = "The authority profile (default: the configured one, Cme:Profile)." };
        var output = new Option<FileInfo>("--out") { Description = "The HTML file to write.", Required = true };
        var preview = new Command("preview", "Render this week's digest from the current store to an HTML file (nothing is sent).") { profile, output };
        preview.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(cancellationToken, profile: parseResult.GetValue(profile));
            var notification = await services.Get<WeeklyDigestService>().PreviewAsync(cancellationToken);
            var file = parseResult.GetValue(output)!;
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, notification.Html, cancellationToken);
            parseResult.InvocationConfiguration.Output.WriteLine($"{notification.Subject}");
            parseResult.InvocationConfiguration.Output.WriteLine($"Written to {file.FullName} (the plain-text part is not written; nothing was sent).");
            return 0;
        });
        digest.Subcommands.Add(preview);
        return digest;
    }
}
