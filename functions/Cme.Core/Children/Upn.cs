using System.Diagnostics.CodeAnalysis;

namespace Cme.Core.Children;

/// <summary>
/// A Unique Pupil Number: a check letter followed by twelve characters (digits, except that
/// the last may be a letter in a temporary UPN). Only a UPN whose DfE check letter is right can
/// be constructed; anything else stays raw text wherever it was found.
/// </summary>
public sealed record Upn
{
    private const string CheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    private Upn(string value) => Value = value;

    public string Value { get; }

    /// <summary>
    /// Accepts a UPN whose check letter is correct: the characters in positions 2–13, weighted
    /// 2–13 and summed, mod 23, index into <c>ABCDEFGHJKLMNPQRTUVWXYZ</c>. Spaces are ignored.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Upn? upn)
    {
        upn = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        if (compact.Length != 13 || !CheckLetters.Contains(compact[0]))
        {
            return false;
        }

        var sum = 0;
        for (var position = 2; position <= 13; position++)
        {
            var character = compact[position - 1];
            int value;
            if (char.IsAsciiDigit(character))
            {
                value = character - '0';
            }
            else if (position == 13 && CheckLetters.IndexOf(character) is var index and >= 0)
            {
                // A temporary UPN ends in a letter, which counts as its index in the check alphabet.
                value = index;
            }
            else
            {
                return false;
            }

            sum += value * position;
        }

        if (CheckLetters[sum % 23] != compact[0])
        {
            return false;
        }

        upn = new Upn(compact);
        return true;
    }

    public override string ToString() => Value;
}
