using System.Reflection;
using Cme.Application.Ports;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Cli.Tests;

/// <summary>The <c>cme</c> command changes cases only through the case writer, as the hosts do.</summary>
public sealed class CaseWriterTests
{
    [Fact]
    public void The_command_writes_no_case_and_no_child_index_row_itself()
    {
        MethodBase[] writes =
        [
            .. Methods(typeof(ICaseStore), nameof(ICaseStore.OpenAsync), nameof(ICaseStore.UpdateAsync), nameof(ICaseStore.AppendEventAsync)),
            .. Methods(typeof(CaseStore), nameof(CaseStore.OpenAsync), nameof(CaseStore.UpdateAsync), nameof(CaseStore.AppendEventAsync)),
            .. Methods(typeof(IChildIndex), nameof(IChildIndex.RecordAsync)),
            .. Methods(typeof(ChildIndex), nameof(ChildIndex.RecordAsync)),
        ];

        Assert.Empty(CallSites.CallersOf(typeof(CmeCommand).Assembly, writes));
    }

    private static IEnumerable<MethodBase> Methods(Type type, params string[] names) =>
        type.GetMethods().Where(method => names.Contains(method.Name));
}
