using Cme.Core.Cases;
using Cme.Core.Mail;

namespace Cme.Core.Intake;

/// <summary>What the parser read from one email: its kind, the child, the referrer and why (if at all) a person must look at it.</summary>
public sealed record ParsedEmail
{
    public string? MessageId { get; init; }

    public EmailAddress? From { get; init; }

    public string? Subject { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public required EmailKind Kind { get; init; }

    /// <summary>How sure the classification is, 0–1.</summary>
    public double Confidence { get; init; }

    /// <summary>Why a person must look at this email; null when the parser is confident.</summary>
    public string? TriageReason { get; init; }

    /// <summary>
    /// An auto-reply (out of office), a delivery report (bounce), a read receipt or list mail: recorded
    /// as ignored, never answered. A machine-sent notice about a child is not this: see <see cref="IsMachineSent"/>.
    /// </summary>
    public bool IsAutomatic { get; init; }

    /// <summary>
    /// A machine sent it (Auto-Submitted, a no-reply or notifications address): it is read and acted on
    /// like any other email, but never answered at its sender.
    /// </summary>
    public bool IsMachineSent { get; init; }

    /// <summary>The Reply-To address, where the sender gave one.</summary>
    public EmailAddress? ReplyTo { get; init; }

    /// <summary>Why the email was classified as it was, in words a person can check (<c>cme parse --explain</c>).</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    public CaseReference? CaseReference { get; init; }

    public ChildDetails Child { get; init; } = ChildDetails.Unknown;

    public string? RawUpn { get; init; }

    public DateOnly? DateLastAttended { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? OfferDate { get; init; }

    public IReadOnlyList<RiskFactor> RiskFactors { get; init; } = [];

    public EmailAddress? ReferrerEmail { get; init; }

    public string? ReferrerName { get; init; }

    public string? ReferrerRole { get; init; }

    public string? ReferrerPhone { get; init; }

    /// <summary>Parents or carers as written (names, relationships).</summary>
    public string? ParentsCarers { get; init; }

    /// <summary>The family's contact number as written.</summary>
    public string? ContactPhone { get; init; }

    /// <summary>What the referrer says they have already done (calls, letters, visits), as written, bounded.</summary>
    public string? ActionsTaken { get; init; }

    /// <summary>The email states significant safeguarding concerns about the child.</summary>
    public bool SignificantConcerns { get; init; }

    /// <summary>Whether the email says the child's whereabouts are known: true, false, or null when it does not say.</summary>
    public bool? WhereaboutsKnown { get; init; }

    /// <summary>
    /// Every Authentication-Results header, parsed, topmost first. Which of them count is decided
    /// later, knowing where the message was read from (<see cref="Commands.SenderTrust"/>).
    /// </summary>
    public IReadOnlyList<AuthenticationResultsHeader> AuthenticationResults { get; init; } = [];

    /// <summary>Exchange Online's X-MS-Exchange-Organization-AuthAs header (<c>Internal</c> for mail from inside the organisation).</summary>
    public string? ExchangeAuthAs { get; init; }

    /// <summary>The new text of the email (quoted history removed), bounded.</summary>
    public string Text { get; init; } = string.Empty;
}
