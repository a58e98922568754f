using System.Diagnostics;
using Cme.Infrastructure.Configuration;

namespace Cme.Functions.Tests;

/// <summary>The built host, as its own process, refusing production settings that are incomplete.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("cme-startup-").FullName;

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    [Fact]
    public async Task SendGridDelivery_WithoutItsApiKey_StopsTheHostBeforeAnythingStartsAndSaysWhatToSet()
    {
        var (exitCode, output) = await RunHostAsync(("Cme__Outbox__Delivery", "SendGrid"), ("Cme__Outbox__From", "cme-noreply@example.org"));

        Assert.Equal(1, exitCode);
        Assert.Contains("The CME host cannot start: Cme:Outbox:Delivery is SendGrid, so this setting is required: Cme:Outbox:SendGrid:ApiKey (environment: Cme__Outbox__SendGrid__ApiKey) is not set", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Azurite", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityStorage_HalfConfigured_StopsTheHostWithTheMissingSetting()
    {
        var (exitCode, output) = await RunHostAsync(("AzureWebJobsStorage__credential", "managedidentity"));

        Assert.Equal(1, exitCode);
        Assert.Contains("AzureWebJobsStorage__credential is set but AzureWebJobsStorage__accountName is not", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_settings_groups_wrong_at_once_stop_the_host_naming_each_setting()
    {
        // The Graph settings (a client secret with no tenant) and the Cme settings (a sender that is no address).
        var (exitCode, output) = await RunHostAsync(
            ("Cme__Mailbox__Source", "Graph"),
            ("Cme__Mailbox__Graph__Mailbox", "cme@example.org"),
            ("Cme__Mailbox__Graph__ClientSecret", "not-a-real-secret"),
            ("Cme__Outbox__From", "CME team"));

        Assert.Equal(1, exitCode);
        Assert.Contains("The CME host cannot start:", output, StringComparison.Ordinal);
        Assert.Contains("Cme:Mailbox:Graph:TenantId is required with a client secret", output, StringComparison.Ordinal);
        Assert.Contains("Cme:Outbox:From 'CME team' is not an email address", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunHostAsync(params (string Name, string Value)[] environment)
    {
        var start = Faults.HostProcess.BuiltHost();
        start.Environment["Cme__DataFolder"] = _dataFolder;
        start.Environment["AzureWebJobsStorage"] = string.Empty;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The host kept running with settings it should have refused:\n" + await stdout + await stderr);
        }

        // A long message may be wrapped by the terminal logger: read it as one line.
        return (process.ExitCode, (await stdout + await stderr).ReplaceLineEndings(" "));
    }
}
