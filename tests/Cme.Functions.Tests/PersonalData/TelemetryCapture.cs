using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Text;
using Azure.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Cme.Functions.Tests.PersonalData;

/// <summary>One piece of text the host let out: where it went (the channel), what said it, and the text.</summary>
public sealed record CapturedText(string Channel, string Origin, string Text);

/// <summary>
/// Everything a host says about itself, as text: every log record at every level (message,
/// template arguments, scopes, exception), the logs and spans its OpenTelemetry pipeline exports
/// (after the product's own redaction), every activity of every source in the process, the Azure
/// SDK's own event-source log at Verbose, and what is written to the console.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    public const string Log = "log";
    public const string ExportedLog = "exported log";
    public const string ExportedSpan = "exported span";
    public const string Activity = "activity";
    public const string AzureSdk = "Azure SDK event";
    public const string Console = "console";

    private readonly ConcurrentQueue<CapturedText> _texts = new();
    private readonly ActivityListener _activities;
    private readonly AzureEventSourceListener _azureSdk;
    private readonly TextWriter _originalOut = System.Console.Out;
    private readonly TextWriter _originalError = System.Console.Error;
    private readonly TeeWriter? _consoleOut;
    private readonly TeeWriter? _consoleError;

    /// <param name="console">
    /// Whether to capture the console too. It is one per process: only a test that owns it for its
    /// duration (the host test, in its own collection) should take it.
    /// </param>
    public TelemetryCapture(bool console = true)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            // Full data without setting the recorded flag, so the product's own sampler still decides what it exports.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => Add(Activity, activity.Source.Name, DescribeActivity(activity)),
        };
        ActivitySource.AddActivityListener(_activities);
        _azureSdk = new AzureEventSourceListener((args, message) => Add(AzureSdk, args.EventSource.Name, message + " " + string.Join(" ", args.Payload ?? [])), EventLevel.Verbose);
        if (console)
        {
            _consoleOut = new TeeWriter(_originalOut);
            _consoleError = new TeeWriter(_originalError);
            System.Console.SetOut(_consoleOut);
            System.Console.SetError(_consoleError);
        }
    }

    /// <summary>A logger provider that takes every record at every level (register it with a Trace filter of its own).</summary>
    public ILoggerProvider LoggerProvider => new CapturingLoggerProvider(this);

    /// <summary>An exporter for the host's OpenTelemetry log pipeline.</summary>
    public BaseExporter<LogRecord> LogExporter => new LogRecordExporter(this);

    /// <summary>An exporter for the host's OpenTelemetry trace pipeline.</summary>
    public BaseExporter<Activity> SpanExporter => new SpanRecordExporter(this);

    /// <summary>Everything captured so far; the console as one text per line.</summary>
    public IReadOnlyList<CapturedText> Texts =>
    [
        .. _texts,
        .. new[] { _consoleOut, _consoleError }.OfType<TeeWriter>().SelectMany(writer => writer.Lines()).Select(line => new CapturedText(Console, "stdout/stderr", line)),
    ];

    public int Count(string channel) => Texts.Count(text => text.Channel == channel);

    public void Dispose()
    {
        if (_consoleOut is not null)
        {
            System.Console.SetOut(_originalOut);
            System.Console.SetError(_originalError);
        }

        _activities.Dispose();
        _azureSdk.Dispose();
    }

    private void Add(string channel, string origin, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _texts.Enqueue(new CapturedText(channel, origin, text));
        }
    }

    private static string DescribeActivity(Activity activity)
    {
        var text = new StringBuilder();
        text.Append(activity.DisplayName).Append(" | ").Append(activity.OperationName).Append(" | ").Append(activity.StatusDescription);
        foreach (var tag in activity.TagObjects)
        {
            text.Append(" | ").Append(tag.Key).Append('=').Append(tag.Value);
        }

        foreach (var activityEvent in activity.Events)
        {
            text.Append(" | event ").Append(activityEvent.Name);
            foreach (var tag in activityEvent.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        foreach (var link in activity.Links)
        {
            foreach (var tag in link.Tags ?? [])
            {
                text.Append(" | link ").Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        foreach (var baggage in activity.Baggage)
        {
            text.Append(" | baggage ").Append(baggage.Key).Append('=').Append(baggage.Value);
        }

        return text.ToString();
    }

    private static string Describe(IEnumerable<KeyValuePair<string, object?>>? values) =>
        values is null ? string.Empty : string.Join(" | ", values.Select(value => $"{value.Key}={value.Value}"));

    private sealed class CapturingLoggerProvider(TelemetryCapture capture) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(capture, categoryName, () => _scopes);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(TelemetryCapture capture, string category, Func<IExternalScopeProvider?> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => scopes()?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder();
            text.Append(logLevel).Append(' ').Append(eventId.Name).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text.Append(" | ").Append(Describe(values));
            }

            scopes()?.ForEachScope(
                (scope, builder) =>
                {
                    builder.Append(" | scope ").Append(scope);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                    {
                        builder.Append(' ').Append(Describe(scopeValues));
                    }
                },
                text);
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            capture.Add(TelemetryCapture.Log, category, text.ToString());
        }
    }

    private sealed class LogRecordExporter(TelemetryCapture capture) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var text = new StringBuilder();
                text.Append(record.LogLevel).Append(' ').Append(record.EventId.Name).Append(": ").Append(record.FormattedMessage)
                    .Append(" | body ").Append(record.Body).Append(" | ").Append(Describe(record.Attributes));
                record.ForEachScope(
                    (scope, builder) =>
                    {
                        builder.Append(" | scope");
                        foreach (var value in scope)
                        {
                            builder.Append(' ').Append(value.Key).Append('=').Append(value.Value);
                        }
                    },
                    text);
                if (record.Exception is not null)
                {
                    text.Append(" | ").Append(record.Exception);
                }

                capture.Add(ExportedLog, record.CategoryName ?? string.Empty, text.ToString());
            }

            return ExportResult.Success;
        }
    }

    private sealed class SpanRecordExporter(TelemetryCapture capture) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                capture.Add(ExportedSpan, activity.Source.Name, DescribeActivity(activity));
            }

            return ExportResult.Success;
        }
    }

    /// <summary>Writes through to the real console and keeps a copy.</summary>
    private sealed class TeeWriter(TextWriter inner) : TextWriter
    {
        private readonly StringBuilder _copy = new();

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            lock (_copy)
            {
                _copy.Append(value);
            }

            inner.Write(value);
        }

        public override void Write(string? value)
        {
            lock (_copy)
            {
                _copy.Append(value);
            }

            inner.Write(value);
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public IEnumerable<string> Lines()
        {
            lock (_copy)
            {
                return _copy.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }
}
