using System.Reflection;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner;

/// <summary>
/// The function classes the host indexes, named explicitly rather than found by scanning every
/// loaded assembly, so a test host runs exactly the functions it was given.
/// </summary>
public sealed class FunctionCatalog(IReadOnlyList<Type> types) : ITypeLocator
{
    /// <summary>The product's functions.</summary>
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(Functions.MailboxFunctions),
        typeof(Functions.IngestFunctions),
        typeof(Functions.NotificationFunctions),
        typeof(Functions.DeadlineFunctions),
        typeof(Functions.DigestFunctions),
        typeof(Functions.FailedMessageFunctions),
        typeof(Functions.ReconcileFunctions),
    ];

    public IReadOnlyList<Type> GetTypes() => types;
}
