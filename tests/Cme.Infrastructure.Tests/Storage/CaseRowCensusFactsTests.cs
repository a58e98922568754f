using Azure.Data.Tables;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Intake;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Storage;

/// <summary>The DfE return's facts in the cases table: kept, and optional for rows written before them.</summary>
[Collection(StorageCollection.Name)]
public sealed class CaseRowCensusFactsTests(AzuriteFixture azurite)
{
    private static CaseReference UniqueReference() => CaseReference.Create(Random.Shared.Next(6000, 9999), Random.Shared.Next(1, 99999));

    [Fact]
    public async Task A_case_row_written_before_the_census_facts_still_loads_with_none_of_them()
    {
        var reference = UniqueReference();
        var table = new TableClient(azurite.ConnectionString, CaseStore.TableName);
        await table.CreateIfNotExistsAsync();
        // Exactly the properties a case row had before this change (ChildYearGroup as the parser wrote it).
        await table.AddEntityAsync(new TableEntity(reference.ToString(), "case|" + reference)
        {
            ["Status"] = "Closed",
            ["OpenedBy"] = "referral",
            ["OpenedAt"] = new DateTimeOffset(2026, 9, 14, 8, 0, 0, TimeSpan.Zero),
            ["LastActivityAt"] = new DateTimeOffset(2026, 10, 1, 11, 0, 0, TimeSpan.Zero),
            ["ClosedAt"] = new DateTimeOffset(2026, 10, 1, 11, 0, 0, TimeSpan.Zero),
            ["Outcome"] = "located and in education",
            ["Area"] = "west",
            ["RiskFactors"] = string.Empty,
            ["ChildFirstName"] = "Ada",
            ["ChildLastName"] = "Invented",
            ["ChildYearGroup"] = "7",
            ["Flags"] = string.Empty,
        });

        var @case = (await new CaseStore(new TableServiceClient(azurite.ConnectionString)).GetAsync(reference, CancellationToken.None))!.Case;

        Assert.Null(@case.Reason);
        Assert.Null(@case.Child.Sex);
        Assert.Equal(YearGroup.Year(7), @case.Child.YearGroup);
        Assert.Null(@case.BecameCmeOn);
        Assert.Null(@case.StoppedCmeOn);
        var london = ShippedProfiles.Hertfordshire.TimeZone;
        Assert.Equal((new DateOnly(2026, 9, 14), new DateOnly(2026, 10, 1)), (@case.BecameCme(london), @case.StoppedCme(london))); // the opening and closing days
    }

    [Fact]
    public async Task The_census_facts_are_stored_and_read_back()
    {
        var store = new CaseStore(new TableServiceClient(azurite.ConnectionString));
        var at = new DateTimeOffset(2026, 9, 14, 8, 0, 0, TimeSpan.Zero);
        var london = ShippedProfiles.Hertfordshire.TimeZone;
        var @case = Case.Open(UniqueReference(), EmailKind.Referral, at, new ChildDetails("Ada", "Invented", null, null, YearGroup.Reception, null, null, null) { Sex = Sex.Unknown }, new CaseRouting("west", null, null), null, [])
            .RecordReason(CmeReasonList.Default.Find("unsuitable-ehe")!, at)
            .CorrectBecameCme(new DateOnly(2026, 9, 1), at, london)
            .RecordStoppedCme(new DateOnly(2026, 9, 30), at, london);
        await store.OpenAsync(@case, [], new SourceEmail("facts-" + @case.Reference, "test", "1", null, null, EmailKind.Referral, at), [], CancellationToken.None);

        var read = (await store.GetAsync(@case.Reference, CancellationToken.None))!.Case;

        Assert.Equal(new CmeReason("unsuitable-ehe", "Unsuitable elective home education"), read.Reason);
        Assert.Equal((Sex.Unknown, YearGroup.Reception), (read.Child.Sex!.Value, read.Child.YearGroup!.Value));
        Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)), (read.BecameCmeOn!.Value, read.StoppedCmeOn!.Value));
    }
}
