using System.Text.Json.Nodes;
using Cme.Core.Cases;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cme.Functions.Tests;

/// <summary>The whole product on Azurite: the sample emails dropped into the folder mailbox, read by the real host.</summary>
[Collection(HostCollection.Name)]
public sealed class MailboxToOutboxTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-e2e-").FullName;
    private IHost? _host;

    private string Inbox => Path.Combine(_contentRoot, "data", "mailbox", "inbox");

    private string Processed => Path.Combine(_contentRoot, "data", "mailbox", "processed");

    private string Outbox => Path.Combine(_contentRoot, "data", "outbox");

    public async Task InitializeAsync()
    {
        var root = RepositoryLayout.FindRepositoryRoot()!;
        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "host.json")))!.AsObject();
        hostJson["cme"]!["schedules"]!["mailboxPoll"] = "*/2 * * * * *";
        hostJson["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:01";
        await File.WriteAllTextAsync(Path.Combine(_contentRoot, "host.json"), hostJson.ToJsonString());
        var configuration = new ConfigurationBuilder()
            .AddCmeSources(_contentRoot)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cme:DataFolder"] = "data",
                ["Cme:Profile"] = "hertfordshire",
                ["AzureWebJobs:HostId"] = AzuriteFixture.UniqueName("e2e"),
            })
            .Build();
        _host = CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = _contentRoot,
            Configuration = configuration,
            Storage = StorageConnection.Configured(azurite.ConnectionString),
            FunctionTypes = FunctionCatalog.All,
        }).Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task The_sample_emails_become_cases_triage_records_and_acknowledgements_and_none_is_lost()
    {
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.eml");
        foreach (var sample in samples)
        {
            var target = Path.Combine(Inbox, Path.GetFileName(sample));
            File.Copy(sample, target);
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddMinutes(-1));
        }

        Assert.True(
            await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(60), () => Directory.Exists(Processed) && Directory.GetFiles(Processed).Length == samples.Length),
            $"only {(Directory.Exists(Processed) ? Directory.GetFiles(Processed).Length : 0)} of {samples.Length} emails were processed");

        var store = _host!.Services.GetRequiredService<CaseStore>();
        var cases = (await store.ListAsync(CancellationToken.None)).Where(c => c.Reference.Year == 2026).ToList();
        // Referrals 01-04 and 11, the no-show, the declined place, both removals and the in-year offer.
        Assert.Equal(10, cases.Count);
        Assert.Equal(Enumerable.Range(1, 10), cases.Select(c => c.Reference.Number).Order());
        Assert.All(cases, c => Assert.Equal(CaseStatus.Open, c.Status));

        var triage = await _host.Services.GetRequiredService<TriageStore>().ListAsync(includeResolved: false, CancellationToken.None);
        // The on-roll confirmation with no open case, and two updates to cases this store never had.
        Assert.Equal(3, triage.Count(t => !t.IsPoison));

        // Referrals, the no-show and the removals are acknowledged; the out-of-office reply never is.
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(30), () => Directory.Exists(Outbox) && Directory.GetFiles(Outbox, "ack-*.eml").Length == 8));
        var acknowledgements = Directory.GetFiles(Outbox, "ack-*.eml").Select(File.ReadAllText).ToList();
        Assert.DoesNotContain(acknowledgements, a => a.Contains("poplarridge", StringComparison.OrdinalIgnoreCase));
        Assert.All(acknowledgements, a => Assert.Contains("Auto-Submitted: auto-generated", a, StringComparison.Ordinal));
        Assert.Contains(acknowledgements, a => a.Contains("To: j.okafor@hornbeamlane.havering.sch.uk", StringComparison.Ordinal));
        // Minimum personal data: initials, never the child's name.
        Assert.DoesNotContain(acknowledgements, a => a.Contains("Ashcombe", StringComparison.Ordinal));
    }
}
