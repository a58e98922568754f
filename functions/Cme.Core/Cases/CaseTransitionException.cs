namespace Cme.Core.Cases;

/// <summary>A case was asked to do something its current state does not allow; the message names both.</summary>
public sealed class CaseTransitionException(string message) : InvalidOperationException(message);
