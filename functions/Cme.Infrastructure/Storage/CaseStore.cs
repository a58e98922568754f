using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Deadlines;
using Cme.Core.Intake;
using Cme.Core.Mail;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// Cases in Table storage. Each case is one partition (its reference) holding the case row, its
/// append-only events and links to its source emails, so a case and what happened to it change
/// together in one transaction.
/// </summary>
public sealed class CaseStore(TableServiceClient tables) : ICaseStore
{
    public const string TableName = "cases";
    private const string CasePrefix = "case|";
    private const string EventPrefix = "event|";
    private const string EmailPrefix = "email|";
    private const string DeadlinePrefix = "deadline|";

    private readonly TableStore _table = new(tables, TableName);

    /// <summary>
    /// Writes a new case with its events, source email and deadlines in one transaction; false if
    /// it was already written (a redelivery).
    /// </summary>
    public async Task<bool> OpenAsync(Case @case, IReadOnlyList<CaseEvent> events, SourceEmail source, IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = @case.Reference.ToString();
        try
        {
            await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, ToEntity(@case)),
                    .. events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, e))),
                    new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, source)),
                    .. deadlines.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(d))),
                ],
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Records a later email on an open case: the updated case, the event and the source link in
    /// one transaction, guarded by the case's ETag. False if this email was already recorded.
    /// </summary>
    public Task<bool> AttachAsync(StoredCase current, Case updated, IReadOnlyList<CaseEvent> events, SourceEmail source, IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken) =>
        UpdateAsync(current, updated, events, deadlines, source, cancellationToken);

    /// <summary>
    /// Changes a case: the updated case, new events, changed deadlines and (for an email) its
    /// source link, in one transaction guarded by the case's ETag. False if an event with the same
    /// id was already recorded (the change was made before); a concurrent change throws
    /// <see cref="ConcurrentCaseUpdateException"/>, for the caller to retry against the new state.
    /// </summary>
    public async Task<bool> UpdateAsync(StoredCase current, Case updated, IReadOnlyList<CaseEvent> events, IReadOnlyList<Deadline> deadlines, SourceEmail? source, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = updated.Reference.ToString();
        List<TableTransactionAction> actions =
        [
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(updated), new ETag(current.Version)),
            .. events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, e))),
            .. deadlines.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(d))),
        ];
        if (source is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, source)));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 412)
        {
            throw new ConcurrentCaseUpdateException(updated.Reference, exception);
        }
    }

    /// <summary>Appends one event; recording the same event id twice keeps the first.</summary>
    public async Task AppendEventAsync(CaseReference reference, CaseEvent caseEvent, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(reference.ToString(), caseEvent), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Already recorded by an earlier attempt.
        }
    }

    /// <summary>
    /// Whether the case holds this email (its link row). Checked before the ledger calls an email
    /// recorded: storage that lost its last writes (restored, or an emulator killed before it
    /// saved) can lose the case an attempt wrote while the attempt goes on, and the number may
    /// then be given to another child's case.
    /// </summary>
    public async Task<bool> HoldsEmailAsync(CaseReference reference, string emailKey, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var link = await table.GetEntityIfExistsAsync<TableEntity>(reference.ToString(), EmailPrefix + TableKeys.Escape(emailKey), select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return link.HasValue;
    }

    public async Task<StoredCase?> GetAsync(CaseReference reference, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(reference.ToString(), CaseRowKey(reference), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? new StoredCase(FromEntity(entity.Value!), entity.Value!.ETag.ToString()) : null;
    }

    /// <summary>A case and its deadlines, read together in one query of its partition.</summary>
    public async Task<CaseWithDeadlines?> GetWithDeadlinesAsync(CaseReference reference, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = reference.ToString();
        StoredCase? stored = null;
        var deadlines = new List<Deadline>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
                           e => e.PartitionKey == partition && ((e.RowKey.CompareTo(CasePrefix) >= 0 && e.RowKey.CompareTo("case}") < 0) || (e.RowKey.CompareTo(DeadlinePrefix) >= 0 && e.RowKey.CompareTo("deadline}") < 0)),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey.StartsWith(CasePrefix, StringComparison.Ordinal))
            {
                stored = new StoredCase(FromEntity(entity), entity.ETag.ToString());
            }
            else
            {
                deadlines.Add(DeadlineFromEntity(entity));
            }
        }

        return stored is null ? null : new CaseWithDeadlines(stored, deadlines.OrderBy(d => d.StartedOn).ThenBy(d => d.Rule).ToList());
    }

    /// <summary>
    /// A case and one of its deadlines by point reads (two in parallel), for the sweep: its cost
    /// must not grow with the number of cases, and a point read never scans.
    /// </summary>
    public async Task<(StoredCase? Case, Deadline? Deadline)> GetDeadlineAsync(CaseReference reference, DeadlineRule rule, int sequence, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = reference.ToString();
        var caseRead = table.GetEntityIfExistsAsync<TableEntity>(partition, CaseRowKey(reference), cancellationToken: cancellationToken);
        var deadlineRead = table.GetEntityIfExistsAsync<TableEntity>(partition, DeadlineRowKey(reference, rule, sequence), cancellationToken: cancellationToken);
        var (caseEntity, deadlineEntity) = (await caseRead.ConfigureAwait(false), await deadlineRead.ConfigureAwait(false));
        return (
            caseEntity.HasValue ? new StoredCase(FromEntity(caseEntity.Value!), caseEntity.Value!.ETag.ToString()) : null,
            deadlineEntity.HasValue ? DeadlineFromEntity(deadlineEntity.Value!) : null);
    }

    /// <summary>Every deadline of every case, for people's listings and reports (never the sweep).</summary>
    public async Task<IReadOnlyList<Deadline>> ListDeadlinesAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var deadlines = new List<Deadline>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
                           e => e.RowKey.CompareTo(DeadlinePrefix) >= 0 && e.RowKey.CompareTo("deadline}") < 0,
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            deadlines.Add(DeadlineFromEntity(entity));
        }

        return deadlines;
    }

    /// <summary>The case's events, oldest first.</summary>
    public async Task<IReadOnlyList<CaseEvent>> GetEventsAsync(CaseReference reference, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = reference.ToString();
        var events = new List<CaseEvent>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
                           e => e.PartitionKey == partition && e.RowKey.CompareTo(EventPrefix) >= 0 && e.RowKey.CompareTo("event}") < 0,
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            events.Add(EventFromEntity(entity));
        }

        // At the same moment, what arrived comes before what it caused.
        return events.OrderBy(e => e.At).ThenBy(e => e.Type is CaseEventType.Opened or CaseEventType.EmailAttached ? 0 : 1).ToList();
    }

    /// <summary>The source emails recorded on a case.</summary>
    public async Task<IReadOnlyList<SourceEmail>> GetSourcesAsync(CaseReference reference, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = reference.ToString();
        var sources = new List<SourceEmail>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
                           e => e.PartitionKey == partition && e.RowKey.CompareTo(EmailPrefix) >= 0 && e.RowKey.CompareTo("email}") < 0,
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sources.Add(new SourceEmail(
                entity.GetString("EmailKey") ?? string.Empty,
                entity.GetString("Source") ?? string.Empty,
                entity.GetString("SourceId") ?? string.Empty,
                entity.GetString("MessageId"),
                entity.GetString("From"),
                EmailKinds.TryParse(entity.GetString("Kind"), out var kind) ? kind : EmailKind.Other,
                entity.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue));
        }

        return sources.OrderBy(s => s.ReceivedAt).ToList();
    }

    /// <summary>Every case, for listings. Reads the whole table: for people and reports, never for the deadline sweep.</summary>
    public async Task<IReadOnlyList<Case>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var cases = new List<Case>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo(CasePrefix) >= 0 && e.RowKey.CompareTo("case}") < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            cases.Add(FromEntity(entity));
        }

        return cases.OrderBy(c => c.Reference.Year).ThenBy(c => c.Reference.Number).ToList();
    }

    private static TableEntity ToEntity(Case @case) => new(@case.Reference.ToString(), CaseRowKey(@case.Reference))
    {
        ["Status"] = @case.Status.ToString(),
        ["OpenedBy"] = @case.OpenedBy.WireName(),
        ["OpenedAt"] = @case.OpenedAt,
        ["LastActivityAt"] = @case.LastActivityAt,
        ["ClosedAt"] = @case.ClosedAt,
        ["Outcome"] = @case.Outcome,
        ["Area"] = @case.Routing.Area,
        ["District"] = @case.Routing.District,
        ["RoutingNote"] = @case.Routing.DefaultReason,
        ["Referrer"] = @case.Referrer?.Value,
        ["RiskFactors"] = string.Join(',', @case.RiskFactors.Select(r => r.WireName()).Order(StringComparer.Ordinal)),
        ["ChildFirstName"] = @case.Child.FirstName,
        ["ChildLastName"] = @case.Child.LastName,
        ["ChildDateOfBirth"] = @case.Child.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["ChildUpn"] = @case.Child.Upn?.Value,
        ["ChildYearGroup"] = @case.Child.YearGroup?.Code,
        ["ChildSex"] = @case.Child.Sex?.ToString(),
        ["CmeReason"] = @case.Reason?.Slug,
        ["CmeReasonLabel"] = @case.Reason?.Label,
        ["BecameCmeOn"] = @case.BecameCmeOn is { } became ? Iso(became) : null,
        ["StoppedCmeOn"] = @case.StoppedCmeOn is { } stopped ? Iso(stopped) : null,
        ["ChildAddress"] = @case.Child.Address,
        ["ChildPostcode"] = @case.Child.Postcode?.ToString(),
        ["ChildSchool"] = @case.Child.School,
        ["Flags"] = string.Join(',', @case.Flags.Select(f => f.WireName()).Order(StringComparer.Ordinal)),
    };

    private static Case FromEntity(TableEntity entity) => Case.Restore(
        reference: CaseReference.Parse(entity.PartitionKey),
        status: Enum.Parse<CaseStatus>(entity.GetString("Status")!),
        openedBy: EmailKinds.TryParse(entity.GetString("OpenedBy"), out var kind) ? kind : EmailKind.Referral,
        openedAt: entity.GetDateTimeOffset("OpenedAt")!.Value,
        lastActivityAt: entity.GetDateTimeOffset("LastActivityAt")!.Value,
        child: new ChildDetails(
            entity.GetString("ChildFirstName"),
            entity.GetString("ChildLastName"),
            DateOnly.TryParseExact(entity.GetString("ChildDateOfBirth"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateOfBirth) ? dateOfBirth : null,
            Upn.TryParse(entity.GetString("ChildUpn"), out var upn) ? upn : null,
            YearGroup.TryParse(entity.GetString("ChildYearGroup"), out var yearGroup) ? yearGroup : null,
            entity.GetString("ChildAddress"),
            Postcode.TryParse(entity.GetString("ChildPostcode"), out var postcode) ? postcode : null,
            entity.GetString("ChildSchool"))
        {
            Sex = Sexes.TryParse(entity.GetString("ChildSex"), out var sex) ? sex : null,
        },
        routing: new CaseRouting(entity.GetString("Area") ?? string.Empty, entity.GetString("District"), entity.GetString("RoutingNote")),
        referrer: EmailAddress.TryParse(entity.GetString("Referrer"), out var referrer) ? referrer : null,
        riskFactors: (entity.GetString("RiskFactors") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(code => RiskFactors.TryParse(code, out var factor) ? factor : (RiskFactor?)null)
            .OfType<RiskFactor>(),
        flags: (entity.GetString("Flags") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(code => CaseFlags.TryParse(code, out var flag) ? flag : (CaseFlag?)null)
            .OfType<CaseFlag>(),
        closedAt: entity.GetDateTimeOffset("ClosedAt"),
        outcome: entity.GetString("Outcome"),

        // Rows written before the DfE return's facts were kept have none of these: each is optional.
        reason: entity.GetString("CmeReason") is { Length: > 0 } slug ? new CmeReason(slug, entity.GetString("CmeReasonLabel") ?? slug) : null,
        becameCmeOn: FromIso(entity.GetString("BecameCmeOn")),
        stoppedCmeOn: FromIso(entity.GetString("StoppedCmeOn")));

    private static TableEntity ToEntity(string partition, CaseEvent caseEvent) =>
        // Keyed by the event's id alone, so the same cause recorded twice is one row.
        new(partition, EventPrefix + TableKeys.Escape(caseEvent.Id))
        {
            ["EventId"] = caseEvent.Id,
            ["Type"] = caseEvent.Type.ToString(),
            ["At"] = caseEvent.At,
            ["Summary"] = caseEvent.Summary,
            ["Details"] = JsonSerializer.Serialize(caseEvent.Details),
        };

    private static CaseEvent EventFromEntity(TableEntity entity) => new(
        entity.GetString("EventId") ?? entity.RowKey,
        Enum.TryParse<CaseEventType>(entity.GetString("Type"), out var type) ? type : CaseEventType.Note,
        entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        entity.GetString("Summary") ?? string.Empty,
        JsonSerializer.Deserialize<Dictionary<string, string>>(entity.GetString("Details") ?? "{}") ?? []);

    private static TableEntity ToEntity(Deadline deadline) =>
        new(deadline.Case.ToString(), DeadlineRowKey(deadline.Case, deadline.Rule, deadline.Sequence))
        {
            ["Rule"] = deadline.Rule.WireName(),
            ["Sequence"] = deadline.Sequence,
            ["StartedOn"] = Iso(deadline.StartedOn),
            ["DueOn"] = Iso(deadline.DueOn),
            ["Estimated"] = deadline.Estimated,
            ["MetOn"] = deadline.MetOn is { } met ? Iso(met) : null,
            ["Resolution"] = deadline.Resolution,
            ["LastStepIndex"] = deadline.LastStep?.Index,
            ["LastStepKind"] = deadline.LastStep?.Kind.ToString(),
            ["LastStepOn"] = deadline.LastStep is { } step ? Iso(step.On) : null,
            ["LastStepNumber"] = deadline.LastStep?.Number,
            ["ChecklistDone"] = string.Join(',', deadline.ChecklistDone.Order(StringComparer.Ordinal)),
        };

    // Row keys carry the reference: see TableKeys on why a row key is unique across the table.
    private static string CaseRowKey(CaseReference reference) => CasePrefix + reference;

    private static string DeadlineRowKey(CaseReference reference, DeadlineRule rule, int sequence) => $"{DeadlinePrefix}{rule.WireName()}|{sequence:D3}|{reference}";

    private static Deadline DeadlineFromEntity(TableEntity entity) => new()
    {
        Case = CaseReference.Parse(entity.PartitionKey),
        Rule = DeadlineRules.TryParse(entity.GetString("Rule"), out var rule) ? rule : throw new InvalidDataException($"Deadline row {entity.PartitionKey}/{entity.RowKey} has an unknown rule '{entity.GetString("Rule")}'."),
        Sequence = entity.GetInt32("Sequence") ?? 1,
        StartedOn = FromIso(entity.GetString("StartedOn"))!.Value,
        DueOn = FromIso(entity.GetString("DueOn"))!.Value,
        Estimated = entity.GetString("Estimated"),
        MetOn = FromIso(entity.GetString("MetOn")),
        Resolution = entity.GetString("Resolution"),
        LastStep = entity.GetInt32("LastStepIndex") is { } index
            ? new DeadlineStep(index, Enum.Parse<DeadlineStepKind>(entity.GetString("LastStepKind")!), FromIso(entity.GetString("LastStepOn"))!.Value, entity.GetInt32("LastStepNumber") ?? 0)
            : null,
        ChecklistDone = (entity.GetString("ChecklistDone") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
    };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? FromIso(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static TableEntity ToEntity(string partition, SourceEmail source) => new(partition, EmailPrefix + TableKeys.Escape(source.EmailKey))
    {
        ["EmailKey"] = source.EmailKey,
        ["Source"] = source.Source,
        ["SourceId"] = source.SourceId,
        ["MessageId"] = source.MessageId,
        ["From"] = source.From,
        ["Kind"] = source.Kind.WireName(),
        ["ReceivedAt"] = source.ReceivedAt,
    };
}
