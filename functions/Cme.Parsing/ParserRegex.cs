using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>
/// The bound on any one pattern match while reading an email: hostile text cannot make a pattern
/// run away. A match that exceeds it makes the email unreadable (it goes to triage saying so).
/// Every pattern is source-generated with this bound: no pattern is interpreted or compiled at run time.
/// </summary>
internal static partial class ParserRegex
{
    public const int TimeoutMilliseconds = 1000;

    /// <summary>Where a sentence ends: whitespace after a full stop, question or exclamation mark, or a line break.</summary>
    [GeneratedRegex(@"(?<=[.!?])\s+|\n", RegexOptions.None, TimeoutMilliseconds)]
    public static partial Regex SentenceBreak();
}
