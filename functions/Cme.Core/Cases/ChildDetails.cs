using System.Globalization;
using System.Text;
using Cme.Core.Children;

namespace Cme.Core.Cases;

/// <summary>
/// What is known about the child a case is for. Any part may be missing; a case needs at least a
/// first and last name, or a UPN, to say who the child is.
/// </summary>
public sealed record ChildDetails(
    string? FirstName,
    string? LastName,
    DateOnly? DateOfBirth,
    Upn? Upn,
    YearGroup? YearGroup,
    string? Address,
    Postcode? Postcode,
    string? School)
{
    public static ChildDetails Unknown { get; } = new(null, null, null, null, null, null, null, null);

    /// <summary>The child's sex as stated (a form's Gender or Sex) or recorded by an officer; null when not known.</summary>
    public Sex? Sex { get; init; }

    /// <summary>True when the child can be told apart: a full name or a valid UPN.</summary>
    public bool IsIdentified => Upn is not null || (!string.IsNullOrWhiteSpace(FirstName) && !string.IsNullOrWhiteSpace(LastName));

    /// <summary>Initials only (<c>L.A.</c>), for notifications that carry the minimum by default.</summary>
    public string Initials =>
        string.Concat(new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => char.ToUpperInvariant(n!.Trim()[0]) + "."));

    /// <summary>
    /// The keys under which the same child is recognised in another email: the UPN, and the name
    /// with the date of birth (case, accents and spacing ignored). A name without a date of birth
    /// is not enough: two children can share one.
    /// </summary>
    public IReadOnlyList<string> IdentityKeys
    {
        get
        {
            var keys = new List<string>(2);
            if (Upn is not null)
            {
                keys.Add("upn:" + Upn.Value);
            }

            if (!string.IsNullOrWhiteSpace(FirstName) && !string.IsNullOrWhiteSpace(LastName) && DateOfBirth is { } dateOfBirth)
            {
                keys.Add($"name-dob:{Fold(FirstName)}|{Fold(LastName)}|{dateOfBirth:yyyy-MM-dd}");
            }

            return keys;
        }
    }

    /// <summary>Fills what this record lacks from a later email about the same child; never overwrites what is known.</summary>
    public ChildDetails MergeMissingFrom(ChildDetails later) => new ChildDetails(
        FirstName ?? later.FirstName,
        LastName ?? later.LastName,
        DateOfBirth ?? later.DateOfBirth,
        Upn ?? later.Upn,
        YearGroup ?? later.YearGroup,
        Address ?? later.Address,
        Postcode ?? later.Postcode,
        School ?? later.School)
    {
        Sex = Sex ?? later.Sex,
    };

    private static string Fold(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsLetter(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && char.IsWhiteSpace(c) && folded.Length > 0 && folded[^1] != ' ')
            {
                folded.Append(' ');
            }
        }

        return folded.ToString().Trim();
    }
}
