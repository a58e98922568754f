using System.Reflection;
using Cme.Application.Deadlines;
using Cme.Application.Ports;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Functions.Tests;

/// <summary>
/// Every change to a case, whatever its cause, goes through <see cref="CaseChanges"/>: checked on
/// the compiled code of the application, the adapters and both hosts.
/// </summary>
public sealed class CaseWriterTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(CaseChanges).Assembly,
        typeof(CaseStore).Assembly,
        typeof(Cme.LocalRunner.CmeFunctionHost).Assembly,
        typeof(Cme.Functions.Program).Assembly,
    ];

    [Fact]
    public void Only_the_case_writer_writes_cases()
    {
        MethodBase[] writes =
        [
            .. Methods(typeof(ICaseStore), nameof(ICaseStore.OpenAsync), nameof(ICaseStore.UpdateAsync), nameof(ICaseStore.AppendEventAsync)),
            .. Methods(typeof(CaseStore), nameof(CaseStore.OpenAsync), nameof(CaseStore.UpdateAsync), nameof(CaseStore.AppendEventAsync)),
        ];

        var writers = Assemblies.SelectMany(assembly => CallSites.CallersOf(assembly, writes)).Except([typeof(CaseStore).FullName!]).Order(StringComparer.Ordinal);

        Assert.Equal([typeof(CaseChanges).FullName!], writers);
    }

    [Fact]
    public void Only_the_case_writer_records_cases_in_the_child_index()
    {
        MethodBase[] records =
        [
            .. Methods(typeof(IChildIndex), nameof(IChildIndex.RecordAsync)),
            .. Methods(typeof(ChildIndex), nameof(ChildIndex.RecordAsync)),
        ];

        // The index rewrites its own rows when it is moved to a new secret (`cme index rekey`).
        var writers = Assemblies.SelectMany(assembly => CallSites.CallersOf(assembly, records)).Except([typeof(ChildIndex).FullName!]).Order(StringComparer.Ordinal);

        Assert.Equal([typeof(CaseChanges).FullName!], writers);
    }

    private static IEnumerable<MethodBase> Methods(Type type, params string[] names) =>
        type.GetMethods().Where(method => names.Contains(method.Name));
}
