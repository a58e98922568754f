namespace Cme.Core.Intake;

/// <summary>What an email to the CME mailbox is about. Wire names are kebab-case (<c>no-show</c>).</summary>
public enum EmailKind
{
    /// <summary>A child reported as missing education, or at risk of it.</summary>
    Referral,

    /// <summary>A child allocated a place did not arrive on the agreed start date.</summary>
    NoShow,

    /// <summary>A parent refuses the allocated place.</summary>
    PlaceDeclined,

    /// <summary>A school is removing a pupil from its roll.</summary>
    RemovalFromRoll,

    /// <summary>Admissions offers an in-year place: the child must be on roll within the profile's school days.</summary>
    InYearOffer,

    /// <summary>A school confirms the child has started.</summary>
    OnRollConfirmation,

    /// <summary>A reply or forward about an existing case, carrying its reference.</summary>
    CaseUpdate,

    /// <summary>Anything else: out-of-office, bounces, newsletters, invitations, spam, general enquiries.</summary>
    Other,
}

public static class EmailKinds
{
    private static readonly Dictionary<EmailKind, string> Names = new()
    {
        [EmailKind.Referral] = "referral",
        [EmailKind.NoShow] = "no-show",
        [EmailKind.PlaceDeclined] = "place-declined",
        [EmailKind.RemovalFromRoll] = "removal-from-roll",
        [EmailKind.InYearOffer] = "in-year-offer",
        [EmailKind.OnRollConfirmation] = "on-roll-confirmation",
        [EmailKind.CaseUpdate] = "case-update",
        [EmailKind.Other] = "other",
    };

    public static string WireName(this EmailKind kind) => Names[kind];

    public static bool TryParse(string? name, out EmailKind kind)
    {
        foreach (var (candidate, wire) in Names)
        {
            if (string.Equals(wire, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = EmailKind.Other;
        return false;
    }
}
