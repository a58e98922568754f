using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>
/// A secure-mail wrapper (Egress, Galaxkey, Cryptshare, Microsoft Purview Message Encryption and
/// the like): the report itself waits behind a sign-in, and the email we hold says only who sent it.
/// Schools, police and health send their most sensitive referrals this way, so a wrapper is never
/// ignored and never guessed at: it goes to a person, who opens it in the portal.
/// </summary>
internal static partial class SecureMessageRecogniser
{
    /// <summary>Why the email is a wrapper around a message we cannot read, or null when it is not one.</summary>
    public static string? Recognise(EmailReading email)
    {
        // A wrapper is short; a person's long email that mentions a secure message is read as written.
        if (email.Thread.NewText.Length > 2500)
        {
            return null;
        }

        var text = email.Subject + "\n" + email.Thread.NewText;
        if (!text.AsSpan().ContainsAny(Cues))
        {
            // Most mail names none of these words: one vectorised search instead of the patterns.
            return null;
        }

        if (SecureMessageWording().Match(text) is { Success: true } wording)
        {
            return $"a secure-mail wrapper ('{Shorten(wording.Value)}'): the message itself must be opened in the sender's portal";
        }

        return SecureMailService().IsMatch(text) && OpenToRead().Match(text) is { Success: true } open
            ? $"a secure-mail wrapper ('{Shorten(open.Value)}'): the message itself must be opened in the sender's portal"
            : null;
    }

    /// <summary>Words every wrapper's text has one of (each pattern below needs one).</summary>
    private static readonly System.Buffers.SearchValues<string> Cues = System.Buffers.SearchValues.Create(
        ["secure", "protected", "encrypted", "confidential", "egress", "galaxkey", "cryptshare", "switch secure", "message encryption", "proofpoint", "mimecast", "zix", "virtru", "tresorit", "kiteworks", "accellion"],
        StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string words)
    {
        var trimmed = string.Join(' ', words.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return trimmed.Length > 60 ? trimmed[..60] : trimmed;
    }

    [GeneratedRegex(@"\b(?:(?:sent|send|sending) you (?:an? )?(?:secure|protected|encrypted|confidential)(?: email| e-mail| message| files?| documents?)|you (?:have )?(?:received|been sent|got|have) (?:an? )?(?:new )?(?:secure|protected|encrypted) (?:email|e-mail|message|files?)|(?:new |this )?(?:secure|protected|encrypted) (?:email|e-mail|message) (?:is waiting|has been sent to you|for you)|to (?:read|view|open|access|decrypt) (?:this|the|your) (?:secure|protected|encrypted) (?:email|e-mail|message|files?))\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SecureMessageWording();

    [GeneratedRegex(@"\b(?:Egress|Galaxkey|Cryptshare|Switch Secure|Message Encryption|Proofpoint Encryption|Mimecast|Zix(?:Mail)?|Virtru|Tresorit|Kiteworks|Accellion|secure (?:email|mail|messaging) (?:portal|service))\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SecureMailService();

    [GeneratedRegex(@"\b(?:click|sign in|log ?in|open the attach\w*)[^.\n]{0,60}\b(?:read|view|open|retrieve|access|download)\b[^.\n]{0,30}\b(?:message|email|e-mail|files?|documents?)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OpenToRead();
}
