using Cme.Application.Intake;
using Cme.Infrastructure.EmbeddedStorage;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cme.Cli.Tests;

/// <summary>
/// `cme triage retry` on items that name no email, and `cme mailbox reconcile`, as a person runs
/// them: against storage given by AzureWebJobsStorage (its own Azurite) and a data folder of its
/// own. The environment is the process's, so these run in a collection of their own.
/// </summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TriageAndMailboxCommandTests : IAsyncLifetime
{
    private const string Name = "commands on configured storage";
    private readonly string _data = Directory.CreateTempSubdirectory("cme-cli-").FullName;
    private EmbeddedAzurite? _azurite;

    public async Task InitializeAsync()
    {
        _azurite = await EmbeddedAzurite.StartAsync();
        Environment.SetEnvironmentVariable("AzureWebJobsStorage", _azurite.ConnectionString);
        Environment.SetEnvironmentVariable("Cme__DataFolder", _data);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("AzureWebJobsStorage", null);
        Environment.SetEnvironmentVariable("Cme__DataFolder", null);
        await _azurite!.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData("this is not json {")]
    [InlineData("""{"source":"folder","id":"../../../../etc/passwd","foundAt":"2026-01-12T09:00:00Z"}""")]
    [InlineData("""{"source":"graph","id":"AAMk?x","foundAt":"2026-01-12T09:00:00Z"}""")]
    [InlineData("""{"source":"","id":"x.eml"}""")]
    public async Task Retrying_an_item_that_names_no_email_exits_3_saying_why_and_never_crashes(string queueMessage)
    {
        var triage = new TriageStore(new Azure.Data.Tables.TableServiceClient(_azurite!.ConnectionString));
        var failed = new FailedMessages(new FolderMailbox(Path.Combine(_data, "mailbox"), TimeProvider.System, NullLogger<FolderMailbox>.Instance), triage, TimeProvider.System, NullLogger<FailedMessages>.Instance);
        var id = "poison-" + Guid.NewGuid().ToString("N");
        await failed.RecordFailedEmailAsync(queueMessage, id, CancellationToken.None);

        var (exitCode, output, error) = await CliRunner.RunAsync("triage", "retry", id);

        Assert.Equal(3, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains("cannot be retried", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_prints_how_many_handled_emails_had_no_record_and_refuses_a_date_it_cannot_read()
    {
        var processed = Path.Combine(_data, "mailbox", "processed");
        Directory.CreateDirectory(processed);
        await File.WriteAllTextAsync(Path.Combine(processed, "lost.eml"), "From: school@example.org\r\nMessage-ID: <lost-1@example.org>\r\nSubject: hello\r\n\r\nNothing about a child.\r\n");

        var (exitCode, output, _) = await CliRunner.RunAsync("mailbox", "reconcile", "--since", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var (badDate, _, error) = await CliRunner.RunAsync("mailbox", "reconcile", "--since", "03/04/2026");

        Assert.Equal(0, exitCode);
        Assert.Contains("recovered=1", output, StringComparison.Ordinal);
        Assert.Equal(2, badDate);
        Assert.Contains("yyyy-MM-dd", error, StringComparison.Ordinal);
    }
}
