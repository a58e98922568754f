using System.Globalization;
using Cme.Core.Cases;
using Cme.Core.Deadlines;

namespace Cme.Application.Ports;

/// <summary>The days on which deadlines need looking at, so the sweep reads only what is due.</summary>
public interface IDeadlineAgenda
{
    Task ScheduleAsync(Deadline deadline, DateOnly on, CancellationToken cancellationToken);

    Task ScheduleAsync(IReadOnlyCollection<(Deadline Deadline, DateOnly On)> entries, CancellationToken cancellationToken);

    Task RemoveAsync(AgendaEntry entry, CancellationToken cancellationToken);

    IAsyncEnumerable<AgendaEntry> DueAsync(DateOnly today, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);
}

/// <summary>One agenda row: look at this deadline of this case (on the day the partition names).</summary>
public sealed record AgendaEntry(string Partition, string DeadlineId, CaseReference Case, DeadlineRule Rule, int Sequence, DateTimeOffset WrittenAt)
{
    /// <summary>The partition an agenda row for <paramref name="date"/> is kept in.</summary>
    public static string Day(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
