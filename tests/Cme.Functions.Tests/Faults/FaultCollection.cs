namespace Cme.Functions.Tests.Faults;

/// <summary>
/// The fault tests each run a mailbox's worth of email through their own Azurite and host
/// processes: one at a time, so they do not compete with each other for the machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    public const string Name = "faults, one at a time";
}
