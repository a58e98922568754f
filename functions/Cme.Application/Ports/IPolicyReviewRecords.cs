namespace Cme.Application.Ports;

/// <summary>When the authority's CME policy was last recorded as reviewed.</summary>
public interface IPolicyReviewRecords
{
    Task<DateOnly?> LastReviewedOnAsync(CancellationToken cancellationToken);

    Task RecordReviewedAsync(DateOnly on, CancellationToken cancellationToken);
}
