namespace Cme.Core.Intake;

/// <summary>
/// The policies' fast path: a referral about a child on a child protection plan or a child in
/// need plan, or with significant concerns stated, whose whereabouts are not known, goes to the
/// manager the same day for an immediate referral to Children's Social Care. "Not known" includes
/// an email that does not say: a missed escalation costs far more than an unneeded one.
/// </summary>
public static class SafeguardingPolicy
{
    public static bool NeedsImmediateEscalation(ParsedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var concern = email.SignificantConcerns
            || email.RiskFactors.Contains(RiskFactor.ChildProtectionPlan)
            || email.RiskFactors.Contains(RiskFactor.ChildInNeed);
        return email.Kind == EmailKind.Referral && concern && email.WhereaboutsKnown != true;
    }

    /// <summary>Why the fast path applies, for the manager's email and the case record.</summary>
    public static string Reason(ParsedEmail email)
    {
        var reasons = new List<string>();
        if (email.RiskFactors.Contains(RiskFactor.ChildProtectionPlan))
        {
            reasons.Add("on a child protection plan");
        }

        if (email.RiskFactors.Contains(RiskFactor.ChildInNeed))
        {
            reasons.Add("on a child in need plan");
        }

        if (email.SignificantConcerns)
        {
            reasons.Add("significant concerns stated");
        }

        var whereabouts = email.WhereaboutsKnown == false ? "whereabouts unknown" : "whereabouts not stated";
        return string.Join(", ", reasons) + "; " + whereabouts;
    }
}
