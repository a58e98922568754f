namespace Cme.Core.Intake;

/// <summary>
/// A risk factor the CME policies name. Recorded only when an email states it as present: a box
/// answered "No", or "not known to social care", is not a risk factor.
/// </summary>
public enum RiskFactor
{
    TemporaryAccommodation,
    DomesticAbuse,
    ChildProtectionPlan,
    ChildInNeed,
    EarlyHelp,
    GypsyRomaTraveller,
    HighlyMobile,
    CriminalJustice,
    HealthNeeds,
    PrivateFostering,
    SchoolAgedParent,
    ParentalNeeds,
    LookedAfter,
    Send,
}

public static class RiskFactors
{
    private static readonly Dictionary<RiskFactor, string> Names = new()
    {
        [RiskFactor.TemporaryAccommodation] = "temporary-accommodation",
        [RiskFactor.DomesticAbuse] = "domestic-abuse",
        [RiskFactor.ChildProtectionPlan] = "child-protection-plan",
        [RiskFactor.ChildInNeed] = "child-in-need",
        [RiskFactor.EarlyHelp] = "early-help",
        [RiskFactor.GypsyRomaTraveller] = "gypsy-roma-traveller",
        [RiskFactor.HighlyMobile] = "highly-mobile",
        [RiskFactor.CriminalJustice] = "criminal-justice",
        [RiskFactor.HealthNeeds] = "health-needs",
        [RiskFactor.PrivateFostering] = "private-fostering",
        [RiskFactor.SchoolAgedParent] = "school-aged-parent",
        [RiskFactor.ParentalNeeds] = "parental-needs",
        [RiskFactor.LookedAfter] = "looked-after",
        [RiskFactor.Send] = "send",
    };

    public static string WireName(this RiskFactor factor) => Names[factor];

    public static bool TryParse(string? name, out RiskFactor factor)
    {
        foreach (var (candidate, wire) in Names)
        {
            if (string.Equals(wire, name, StringComparison.OrdinalIgnoreCase))
            {
                factor = candidate;
                return true;
            }
        }

        factor = default;
        return false;
    }
}
