namespace Cme.Core.Census;

/// <summary>
/// One of the DfE's reasons a child is missing education, as the authority profile lists them:
/// a short slug officers type (<c>#reason moved-in-from-another-la</c>) and the DfE's label the
/// return counts under ("Moved in from another local authority").
/// </summary>
public sealed record CmeReason(string Slug, string Label)
{
    public override string ToString() => Label;
}

/// <summary>
/// The reasons the return counts, in the DfE's order. The DfE revises the list (five were added in
/// autumn 2025), so it is configuration (<c>census.reasons</c> in the profile); the 20 labels
/// published for 2025/26 ship as <see cref="Default"/>. A case with no reason recorded is counted
/// under <see cref="NotRecorded"/>.
/// </summary>
public sealed class CmeReasonList
{
    public const string NotRecordedSlug = "not-recorded";

    private readonly Dictionary<string, CmeReason> _bySlug;

    public CmeReasonList(IReadOnlyList<CmeReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        _bySlug = new Dictionary<string, CmeReason>(StringComparer.OrdinalIgnoreCase);
        foreach (var reason in reasons)
        {
            if (!_bySlug.TryAdd(reason.Slug, reason))
            {
                throw new ArgumentException($"The reason slug '{reason.Slug}' is listed twice.", nameof(reasons));
            }
        }

        NotRecorded = _bySlug.TryGetValue(NotRecordedSlug, out var notRecorded)
            ? notRecorded
            : throw new ArgumentException($"The reasons must include '{NotRecordedSlug}': cases with no reason are counted under it.", nameof(reasons));
        All = reasons;
    }

    /// <summary>The 20 labels the DfE published for the autumn 2025 return, alphabetical as published.</summary>
    public static CmeReasonList Default { get; } = new(
    [
        new("moved-to-another-country", "Believed to have moved to another country"),
        new("moved-to-another-la", "Believed to have moved to another local authority"),
        new("challenging-sao", "Challenging school attendance order"),
        new("did-not-apply", "Did not apply for school place at compulsory school age"),
        new("did-not-get-preference", "Did not get school preference"),
        new("difficulty-accessing-place", "Difficulty accessing suitable school place"),
        new("mental-health", "Mental health"),
        new("moved-in-from-another-country", "Moved in from another country"),
        new("moved-in-from-another-la", "Moved in from another local authority"),
        new(NotRecordedSlug, "Not recorded"),
        new("offered-not-accepted", "Offered school place but not yet accepted"),
        new("other", "Other"),
        new("parental-decision", "Parental decision not to register at school"),
        new("physical-health", "Physical health"),
        new("application-awaiting-outcome", "School application awaiting outcome"),
        new("dissatisfaction-send", "School dissatisfaction SEND"),
        new("dissatisfaction-general", "School dissatisfaction general"),
        new("unknown", "Unknown"),
        new("unsuitable-ehe", "Unsuitable elective home education"),
        new("waiting-school-start", "Waiting school start"),
    ]);

    /// <summary>Every reason, in the profile's order (the order the return's rows are printed in).</summary>
    public IReadOnlyList<CmeReason> All { get; }

    /// <summary>The reason a case is counted under when none is recorded.</summary>
    public CmeReason NotRecorded { get; }

    /// <summary>Every slug, for telling an officer what to type.</summary>
    public string Slugs => string.Join(", ", All.Select(r => r.Slug));

    /// <summary>The reason with this slug (any case), or null.</summary>
    public CmeReason? Find(string? slug) =>
        slug is not null && _bySlug.TryGetValue(slug.Trim(), out var reason) ? reason : null;
}
