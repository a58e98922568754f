namespace Cme.Parsing;

/// <summary>
/// The bound on any one pattern match while reading an email: hostile text cannot make a pattern
/// run away. A match that exceeds it makes the email unreadable (it goes to triage saying so).
/// </summary>
internal static class ParserRegex
{
    public const int TimeoutMilliseconds = 1000;

    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(TimeoutMilliseconds);
}
