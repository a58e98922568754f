using Cme.Infrastructure.EmbeddedStorage;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// A fault test's own Azurite and folder: the product's tables and queues have fixed names, so a
/// test that counts every row, stops the storage or runs several hosts cannot share them.
/// </summary>
public abstract class OwnStorageTest : IAsyncLifetime
{
    private EmbeddedAzurite? _azurite;

    /// <summary>The test's folder: a host's content root, with the data folder (mailbox, outbox) under it.</summary>
    protected string Root { get; } = Directory.CreateTempSubdirectory("cme-fault-").FullName;

    protected string DataFolder => Path.Combine(Root, "data");

    protected EmbeddedAzurite Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A batch of invented mail sent an hour ago, what became of it, and the year its cases are numbered in.</summary>
    private protected (IReadOnlyList<InventedEmail> Emails, MailboxOutcome Outcome, int Year) InventBatch(int count, string name)
    {
        var sentAt = DateTimeOffset.UtcNow.AddHours(-1);
        return (InventedMail.Batch(count, sentAt, name), new MailboxOutcome(Azurite.ConnectionString, DataFolder), InventedMail.CaseYear(sentAt));
    }

    public virtual async Task InitializeAsync() => _azurite = await EmbeddedAzurite.StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}
