namespace Cme.Core.Cases;

/// <summary>Where a case stands. A closed case is never reopened: a new concern opens a new case.</summary>
public enum CaseStatus
{
    Open,
    Closed,
}
