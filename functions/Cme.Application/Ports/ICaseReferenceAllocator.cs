using Cme.Core.Cases;

namespace Cme.Application.Ports;

/// <summary>Hands out case references, one per claim (an email's key): asking again with the same claim returns the same reference.</summary>
public interface ICaseReferenceAllocator
{
    Task<CaseReference> AllocateAsync(int year, string claim, CancellationToken cancellationToken);
}
