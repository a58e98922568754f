using Cme.Core.Cases;
using Cme.Core.Children;

namespace Cme.Application.Ports;

/// <summary>Finds a child's open case by the child's identity, without keeping anything readable about the child.</summary>
public interface IChildIndex
{
    Task<CaseReference?> FindOpenCaseAsync(ChildDetails child, CancellationToken cancellationToken);

    /// <summary>Claims the right to open the child's case for one email; false while another email's claim stands.</summary>
    Task<bool> ClaimOpeningAsync(ChildDetails child, string emailKey, DateTimeOffset now, TimeSpan lapse, CancellationToken cancellationToken);

    /// <summary>Records the case under the child's identities (open or closed, as it now is).</summary>
    Task RecordAsync(Case @case, CancellationToken cancellationToken);
}
