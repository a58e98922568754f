using Cme.Application.Deadlines;
using Cme.Application.Mailboxes;
using Cme.Application.Notifications;
using Cme.Application.Ports;
using Cme.Application.Queues;
using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Intake;
using Cme.Core.Notifications;
using Cme.Core.Profiles;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Intake;

/// <summary>
/// Turns one email in the mailbox into a case, an update to a case, an officer's command, a
/// triage record or an ignored-mail record, with the deadlines the policies set; then sends what
/// the policy calls for (acknowledgement, safeguarding escalation, command reply) and marks it
/// handled in the mailbox. Every step is safe to repeat, so a redelivered or re-polled email
/// changes nothing.
/// </summary>
public sealed partial class EmailIngestion(
    IMailbox mailbox,
    IEmailParser parser,
    IEmailLedger ledger,
    ICaseStore cases,
    IChildIndex children,
    ICaseReferenceAllocator references,
    ITriageStore triage,
    FailedMessages failed,
    CaseChanges changes,
    NotificationOutbox outbox,
    AuthorityProfile profile,
    CommandSenderTrust senderTrust,
    TimeProvider time,
    ILogger<EmailIngestion> logger)
{
    /// <summary>How long an email's claim on a child blocks others from opening a case for the child (it is never released, so a crashed attempt's lapses too).</summary>
    public static readonly TimeSpan OpeningClaimLapse = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An email's notifications are queued again on its redelivery if the sender has not claimed
    /// them yet: the earlier attempt may have failed between recording one and queuing it.
    /// </summary>
    private static readonly TimeSpan RetriedAttempt = TimeSpan.Zero;

    private readonly DeadlinePlanner _planner = new(changes.Schedule);

    public async Task IngestAsync(string? queueMessage, CancellationToken cancellationToken)
    {
        InboundMailMessage message;
        try
        {
            message = InboundMailMessage.Read(queueMessage, mailbox.Source);
        }
        catch (InvalidQueueMessageException invalid)
        {
            // It can never succeed: recorded for a person now, and the message completed, rather
            // than five attempts and the poison queue.
            await failed.RecordUnprocessableEmailAsync(queueMessage, invalid.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var handle = new MailboxMessage(message.Source, message.Id);
        var mime = await mailbox.ReadMimeAsync(handle, cancellationToken).ConfigureAwait(false);
        if (mime is null)
        {
            LogGone(message.Source);
            return;
        }

        var parsed = parser.Parse(mime);
        var identity = EmailKeys.For(parsed.MessageId, mime);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RecordAsync(message, handle, parsed, identity, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (exception is ChildBeingOpenedException or ConcurrentCaseUpdateException && attempt < ContendedAttempts)
            {
                // Several emails about one child at once (a referral sent twice, copies from a school
                // and the police): one wins each round. Trying again here, against the new state, settles
                // them in seconds; left to the queue, each round costs a visibility timeout, and a burst
                // of copies would use up its dequeues and reach the poison queue.
                LogContended(identity.Key, attempt);
                await Task.Delay(ContendedBackoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Attempts within one delivery of the queue message when another email holds the child or the case.</summary>
    public const int ContendedAttempts = 6;

    /// <summary>Doubling from 100 ms with jitter, so contenders spread out instead of colliding again.</summary>
    private static TimeSpan ContendedBackoff(int attempt) =>
        TimeSpan.FromMilliseconds((100 << Math.Min(attempt - 1, 4)) * (0.5 + Random.Shared.NextDouble()));

    private async Task RecordAsync(InboundMailMessage message, MailboxMessage handle, ParsedEmail parsed, EmailIdentity identity, CancellationToken cancellationToken)
    {
        // The look-ups are independent, so they go out together: an email seen before
        // wastes two reads, every other email saves two waits.
        var priorRead = ledger.FindAsync(identity, cancellationToken);
        var referencedRead = parsed.CaseReference is null ? Task.FromResult<CaseWithDeadlines?>(null) : cases.GetWithDeadlinesAsync(parsed.CaseReference, cancellationToken);
        var openCaseRead = parsed.Child.IsIdentified ? FindOpenCaseAsync(parsed.Child, cancellationToken) : Task.FromResult<CaseReference?>(null);
        await Task.WhenAll(priorRead, referencedRead, openCaseRead).ConfigureAwait(false);
        var (emailKey, prior) = await priorRead.ConfigureAwait(false);
        var recording = new Recording(emailKey, identity.ContentHash, message.Recovered && prior is null);
        if (recording.Recovered)
        {
            LogRecovered(emailKey);
        }

        if (prior is not null && !(message.Retry && prior.Outcome == EmailOutcome.Triage))
        {
            LogAlreadyProcessed(emailKey, prior.Outcome.ToString(), prior.Case);
            await mailbox.MarkProcessedAsync(handle, cancellationToken).ConfigureAwait(false);
            return;
        }

        var receivedAt = parsed.SentAt ?? message.FoundAt;
        var referenced = await referencedRead.ConfigureAwait(false);
        var facts = new IntakeFacts(referenced?.Case, await openCaseRead.ConfigureAwait(false), profile.IsStaff(parsed.From), senderTrust.For(message.Source));
        var decision = IntakePolicy.Decide(parsed, facts);
        var source = new SourceEmail(emailKey, message.Source, message.Id, parsed.MessageId, parsed.From?.Value, parsed.Kind, receivedAt);

        switch (decision)
        {
            case IntakeDecision.Ignore ignore:
                await ledger.RecordAsync(recording.Entry(EmailOutcome.Ignored, null, parsed.Kind.WireName(), time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                LogIgnored(emailKey, ignore.Reason);
                break;

            case IntakeDecision.Triage toTriage:
                await triage.RecordAsync(new TriageItem(emailKey, message.Source, message.Id, toTriage.Reason, parsed.Kind.WireName(), time.GetUtcNow(), TriageStatus.Waiting, IsPoison: false), cancellationToken).ConfigureAwait(false);
                if (await triage.GetAsync(emailKey, cancellationToken).ConfigureAwait(false) is null)
                {
                    // As for a case (EnsureCaseHoldsAsync): storage lost the triage record before the ledger could say so.
                    throw new CaseLostException(null, emailKey);
                }

                await ledger.RecordAsync(recording.Entry(EmailOutcome.Triage, null, parsed.Kind.WireName(), time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                LogTriaged(emailKey, toTriage.Reason);
                break;

            case IntakeDecision.Open open:
                if (!await children.ClaimOpeningAsync(parsed.Child, emailKey, time.GetUtcNow(), OpeningClaimLapse, cancellationToken).ConfigureAwait(false))
                {
                    throw new ChildBeingOpenedException(emailKey);
                }

                // The claims are left to lapse (see ClaimOpeningAsync): no release to write.
                var opened = await OpenAsync(parsed, source, receivedAt, cancellationToken).ConfigureAwait(false);
                await FinishRecordedAsync(opened, parsed, recording, open.Acknowledge, cancellationToken).ConfigureAwait(false);
                break;

            case IntakeDecision.Attach attach:
                var attached = await AttachAsync(attach.Case, parsed, source, receivedAt, cancellationToken).ConfigureAwait(false);
                await FinishRecordedAsync(attached, parsed, recording, attach.Acknowledge, cancellationToken).ConfigureAwait(false);
                break;

            case IntakeDecision.Command command:
                await CommandAsync(command, referenced!, parsed, source, recording, receivedAt, cancellationToken).ConfigureAwait(false);
                break;
        }

        if (message.Retry && prior?.Outcome == EmailOutcome.Triage)
        {
            await triage.MarkAsync(emailKey, TriageStatus.Retried, cancellationToken).ConfigureAwait(false);
        }

        await mailbox.MarkProcessedAsync(handle, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The child's open case by the index, if that case exists and is this child's: an index row
    /// outlives a case that storage lost (the attempt that wrote the case went on writing the index
    /// after storage came back without it), and its number may since be another child's.
    /// </summary>
    private async Task<CaseReference?> FindOpenCaseAsync(ChildDetails child, CancellationToken cancellationToken)
    {
        if (await children.FindOpenCaseAsync(child, cancellationToken).ConfigureAwait(false) is not { } reference)
        {
            return null;
        }

        var stored = await cases.GetAsync(reference, cancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.Case.Child.IdentityKeys.Intersect(child.IdentityKeys).Any())
        {
            return reference;
        }

        LogStaleIndex(reference.ToString());
        return null;
    }

    /// <summary>Before the ledger calls the email recorded on a case: the case must hold it (see <see cref="ICaseStore.HoldsEmailAsync"/>).</summary>
    private async Task EnsureCaseHoldsAsync(CaseReference reference, string emailKey, CancellationToken cancellationToken)
    {
        if (!await cases.HoldsEmailAsync(reference, emailKey, cancellationToken).ConfigureAwait(false))
        {
            throw new CaseLostException(reference, emailKey);
        }
    }

    private async Task<Case> OpenAsync(ParsedEmail parsed, SourceEmail source, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var year = TimeZoneInfo.ConvertTime(receivedAt, profile.TimeZone).Year;
        var reference = await references.AllocateAsync(year, source.EmailKey, cancellationToken).ConfigureAwait(false);
        var routing = profile.Route(parsed.Child.Postcode);
        var @case = Case.Open(reference, parsed.Kind, receivedAt, parsed.Child, routing, IntakePolicy.ReferrerToTell(parsed), parsed.RiskFactors);
        var opened = new CaseEvent(
            "email-" + source.EmailKey,
            CaseEventType.Opened,
            receivedAt,
            $"Opened from {Article(parsed.Kind)} {parsed.Kind.WireName()} email; routed to {routing.Area}" + (routing.DefaultReason is null ? string.Empty : $" by default ({routing.DefaultReason})"),
            EventDetails(parsed, source));
        var plan = _planner.ForEmail(@case, opened: true, [], parsed.Kind, receivedAt, parsed.OfferDate);
        (@case, var safeguarding) = Safeguard(plan.Case, parsed, receivedAt);
        var stored = await changes.OpenAsync(@case, [opened, .. plan.Events, .. safeguarding, .. NotAcknowledged(parsed, source, receivedAt)], source, plan.Deadlines, cancellationToken).ConfigureAwait(false);
        if (stored.Written)
        {
            LogOpened(reference.ToString(), parsed.Kind.WireName(), routing.Area);
        }

        // Written by this attempt or an earlier one: carry on from what storage holds.
        return stored.Case;
    }

    private async Task<Case> AttachAsync(CaseReference reference, ParsedEmail parsed, SourceEmail source, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var current = await cases.GetWithDeadlinesAsync(reference, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {reference} was found by the index but has no case record; the email will be retried.");
        var stored = current.Stored;
        var updated = stored.Case.Attach(receivedAt, parsed.Child, parsed.RiskFactors);
        var attached = new CaseEvent(
            "email-" + source.EmailKey,
            CaseEventType.EmailAttached,
            receivedAt,
            $"{char.ToUpperInvariant(Article(parsed.Kind)[0])}{Article(parsed.Kind)[1..]} {parsed.Kind.WireName()} email was attached",
            EventDetails(parsed, source));
        var plan = _planner.ForEmail(updated, opened: false, current.Deadlines, parsed.Kind, receivedAt, parsed.OfferDate);
        (updated, var safeguarding) = stored.Case.Flags.Contains(CaseFlag.SafeguardingEscalated) ? (plan.Case, []) : Safeguard(plan.Case, parsed, receivedAt);
        var written = await changes.AttachAsync(stored, updated, [attached, .. plan.Events, .. safeguarding, .. NotAcknowledged(parsed, source, receivedAt)], plan.Deadlines, source, cancellationToken).ConfigureAwait(false);
        if (written.Written)
        {
            LogAttached(reference.ToString(), parsed.Kind.WireName());
        }

        return written.Case;
    }

    /// <summary>
    /// Sends what the recorded email calls for, then marks it recorded in the ledger: last, because
    /// an email the ledger calls recorded is never looked at again, so a crash before its
    /// acknowledgement was queued must leave it to be retried.
    /// </summary>
    private async Task FinishRecordedAsync(Case @case, ParsedEmail parsed, Recording recording, bool acknowledge, CancellationToken cancellationToken)
    {
        var emailKey = recording.Key;
        if (acknowledge && IntakePolicy.ReferrerToTell(parsed) is { } referrer)
        {
            await outbox.QueueAsync(Notices.Acknowledgement(emailKey, @case, parsed.Kind, referrer, profile), RetriedAttempt, cancellationToken).ConfigureAwait(false);
        }

        if (@case.Flags.Contains(CaseFlag.SafeguardingEscalated))
        {
            // Queued once per case whichever email triggered it: the notification id is the case's.
            await outbox.QueueAsync(Notices.Safeguarding(@case, SafeguardingPolicy.Reason(parsed), profile), RetriedAttempt, cancellationToken).ConfigureAwait(false);
        }

        await EnsureCaseHoldsAsync(@case.Reference, emailKey, cancellationToken).ConfigureAwait(false);
        await ledger.RecordAsync(recording.Entry(EmailOutcome.Recorded, @case.Reference.ToString(), parsed.Kind.WireName(), time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A note on the case when its referrer cannot be told (a machine-sent notice naming no person): the case records why.</summary>
    private static CaseEvent[] NotAcknowledged(ParsedEmail parsed, SourceEmail source, DateTimeOffset at) =>
        IntakePolicy.WhyNotAcknowledged(parsed) is { } why
            ? [new CaseEvent("no-acknowledgement-" + source.EmailKey, CaseEventType.Note, at, why, new Dictionary<string, string> { ["emailKey"] = source.EmailKey })]
            : [];

    /// <summary>The safeguarding fast path: flags the case so the manager hears the same day.</summary>
    private static (Case Case, CaseEvent[] Events) Safeguard(Case @case, ParsedEmail parsed, DateTimeOffset at)
    {
        if (!SafeguardingPolicy.NeedsImmediateEscalation(parsed) || @case.Flags.Contains(CaseFlag.SafeguardingEscalated))
        {
            return (@case, []);
        }

        var flagged = new CaseEvent(
            $"flag-{CaseFlag.SafeguardingEscalated.WireName()}",
            CaseEventType.Flagged,
            at,
            $"Safeguarding fast path ({SafeguardingPolicy.Reason(parsed)}): escalated to the manager for an immediate social care referral",
            new Dictionary<string, string> { ["flag"] = CaseFlag.SafeguardingEscalated.WireName() });
        return (@case.Flag(CaseFlag.SafeguardingEscalated, at), [flagged]);
    }

    private async Task CommandAsync(IntakeDecision.Command command, CaseWithDeadlines current, ParsedEmail parsed, SourceEmail source, Recording recording, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var details = EventDetails(parsed, source);
        details["command"] = command.Reading.Line;
        string summary;
        bool applied;
        if (command.Apply is { } toApply)
        {
            var result = await changes.ApplyAsync(current, toApply, "email-" + source.EmailKey, receivedAt, details, source, cancellationToken).ConfigureAwait(false);
            (applied, summary) = (result.Applied, result.Summary);
        }
        else
        {
            (applied, summary) = (false, command.RefusedBecause ?? "not applied");
            await changes.RefuseAsync(current, "email-" + source.EmailKey, receivedAt, $"Command not applied ({summary})", details, source, cancellationToken).ConfigureAwait(false);
        }

        if (applied)
        {
            LogCommandApplied(command.Case.ToString(), command.Reading.Name);
        }
        else
        {
            LogCommandRefused(command.Case.ToString(), command.Reading.Name);
        }

        if (command.TellSender && parsed.From is { } sender)
        {
            await outbox.QueueAsync(Notices.CommandReply(source.EmailKey, command.Case, sender, command.Reading.Line, applied, summary, profile), RetriedAttempt, cancellationToken).ConfigureAwait(false);
        }

        await EnsureCaseHoldsAsync(command.Case, source.EmailKey, cancellationToken).ConfigureAwait(false);
        await ledger.RecordAsync(recording.Entry(EmailOutcome.Recorded, command.Case.ToString(), "command", time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The key the email is filed under, its content hash, and whether reconciliation recovered it: what each ledger row it writes carries.</summary>
    private sealed record Recording(string Key, string ContentHash, bool Recovered)
    {
        public LedgerEntry Entry(EmailOutcome outcome, string? @case, string? kind, DateTimeOffset at) => new(Key, outcome, @case, kind, at, ContentHash, Recovered);
    }

    private static string Article(EmailKind kind) => "aeiou".Contains(kind.WireName()[0], StringComparison.Ordinal) ? "an" : "a";

    /// <summary>What the event log keeps about the email: where it is and what was extracted (the case holds the child's details).</summary>
    private static Dictionary<string, string> EventDetails(ParsedEmail parsed, SourceEmail source)
    {
        var details = new Dictionary<string, string>
        {
            ["kind"] = parsed.Kind.WireName(),
            ["source"] = source.Source,
            ["sourceId"] = source.SourceId,
            ["emailKey"] = source.EmailKey,
        };
        if (parsed.From is not null)
        {
            details["from"] = parsed.From.Value;
        }

        if (parsed.MessageId is not null)
        {
            details["messageId"] = parsed.MessageId;
        }

        if (parsed.RiskFactors.Count > 0)
        {
            details["riskFactors"] = string.Join(',', parsed.RiskFactors.Select(r => r.WireName()));
        }

        foreach (var (name, date) in new[] { ("dateLastAttended", parsed.DateLastAttended), ("startDate", parsed.StartDate), ("offerDate", parsed.OfferDate) })
        {
            if (date is { } value)
            {
                details[name] = value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return details;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied command {Command} to case {Case}")]
    private partial void LogCommandApplied(string @case, string command);

    // Not the reason: it can quote the officer's free text ("'…' is not on the checklist"), which may
    // name the child. The reason is in the case's event log and in the reply to the sender.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused command {Command} on case {Case}; why is in the case's event log and the reply to the sender")]
    private partial void LogCommandRefused(string @case, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailKey} had no record in the ledger although the mailbox had handed it over (storage lost the record); recording it now")]
    private partial void LogRecovered(string emailKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An email queued from {Source} is no longer in the mailbox, waiting or processed (moved aside or deleted by a person); nothing to do")]
    private partial void LogGone(string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailKey} was already processed ({Outcome}, case {Case}); not processed again")]
    private partial void LogAlreadyProcessed(string emailKey, string outcome, string? @case);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailKey} ignored: {Reason}")]
    private partial void LogIgnored(string emailKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailKey} is waiting in triage: {Reason}")]
    private partial void LogTriaged(string emailKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailKey}: another email about the same child or case was being recorded (attempt {Attempt}); trying again")]
    private partial void LogContended(string emailKey, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The child index names case {Case} for this child, but that case is missing or another child's (storage lost writes); opening the child's case afresh")]
    private partial void LogStaleIndex(string @case);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened case {Case} from an email of kind {Kind}, area {Area}")]
    private partial void LogOpened(string @case, string kind, string area);

    [LoggerMessage(Level = LogLevel.Information, Message = "Attached an email of kind {Kind} to case {Case}")]
    private partial void LogAttached(string @case, string kind);
}

/// <summary>
/// The case (or triage record) this attempt wrote is not in storage any more: storage lost its
/// last writes while the attempt went on. Thrown before the ledger records the email, so the
/// queue retries it from the start against what storage now holds.
/// </summary>
public sealed class CaseLostException(CaseReference? reference, string emailKey)
    : Exception($"Email {emailKey}: the {(reference is null ? "triage record" : $"case {reference}")} written for it is no longer in storage (storage lost its last writes); the email will be processed again from the start.");

/// <summary>
/// Another email is opening a case for the same child right now. Thrown so the queue retries
/// this email, which then attaches to that case instead of opening a second one.
/// </summary>
public sealed class ChildBeingOpenedException(string emailKey)
    : Exception($"Email {emailKey}: another email is opening a case for the same child; this one will be retried and attached to it.");
