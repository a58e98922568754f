using System.Reflection;
using System.Text.Json;

namespace Cme.Functions.Tests.FunctionApp;

/// <summary>What a host must agree on about one function: its name and how it is triggered.</summary>
/// <param name="Trigger"><c>queueTrigger</c> or <c>timerTrigger</c>, as functions.metadata names them.</param>
/// <param name="Queue">The queue's name, for a queue trigger.</param>
/// <param name="Schedule">The schedule as written (a <c>%Setting%</c> expression or CRON), for a timer.</param>
/// <param name="RunOnStartup">Whether the timer also fires when the host starts.</param>
public sealed record FunctionShape(string Name, string Trigger, string? Queue, string? Schedule, bool RunOnStartup)
{
    /// <summary>Every difference between the two hosts' functions, one line each; empty when they agree.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<FunctionShape> localRunner, IReadOnlyList<FunctionShape> functionApp)
    {
        var runner = localRunner.ToDictionary(function => function.Name, StringComparer.Ordinal);
        var app = functionApp.ToDictionary(function => function.Name, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var name in runner.Keys.Union(app.Keys).Order(StringComparer.Ordinal))
        {
            if (!app.TryGetValue(name, out var inApp))
            {
                differences.Add($"{name}: in the local runner only");
            }
            else if (!runner.TryGetValue(name, out var inRunner))
            {
                differences.Add($"{name}: in the Function App only");
            }
            else if (inRunner != inApp)
            {
                differences.Add($"{name}: local runner {inRunner}, Function App {inApp}");
            }
        }

        return differences;
    }

    /// <summary>The local runner's functions as the WebJobs SDK indexes them: the trigger attributes on <see cref="FunctionCatalog.All"/>.</summary>
    public static IReadOnlyList<FunctionShape> OfLocalRunner() =>
        FunctionCatalog.All
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(method => (method, name: method.GetCustomAttribute<Microsoft.Azure.WebJobs.FunctionNameAttribute>()?.Name))
            .Where(function => function.name is not null)
            .Select(function => OfWebJobsTrigger(function.name!, function.method))
            .ToList();

    /// <summary>The Function App's functions as the Functions host reads them: the worker build's functions.metadata.</summary>
    public static IReadOnlyList<FunctionShape> OfFunctionsMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        var functions = new List<FunctionShape>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            var triggers = function.GetProperty("bindings").EnumerateArray()
                .Where(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))
                .ToList();
            Assert.True(triggers.Count == 1, $"{name}: functions.metadata lists {triggers.Count} triggers");
            var trigger = triggers[0];
            functions.Add(new FunctionShape(
                name,
                trigger.GetProperty("type").GetString()!,
                trigger.TryGetProperty("queueName", out var queue) ? queue.GetString() : null,
                trigger.TryGetProperty("schedule", out var schedule) ? schedule.GetString() : null,
                trigger.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.GetBoolean()));
        }

        return functions;
    }

    private static FunctionShape OfWebJobsTrigger(string name, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<Microsoft.Azure.WebJobs.QueueTriggerAttribute>() is { } queue)
            {
                return new FunctionShape(name, "queueTrigger", queue.QueueName, null, false);
            }

            if (parameter.GetCustomAttribute<Microsoft.Azure.WebJobs.TimerTriggerAttribute>() is { } timer)
            {
                return new FunctionShape(name, "timerTrigger", null, timer.ScheduleExpression, timer.RunOnStartup);
            }
        }

        throw new InvalidOperationException($"{name}: the local runner's function has no queue or timer trigger this test knows; teach FunctionShape its trigger.");
    }
}
