namespace Cme.Core.Profiles;

/// <summary>
/// A profile that cannot be used. Each problem names the file, the field and the fix, and every
/// problem is reported at once so one edit can fix them all.
/// </summary>
public sealed class ProfileInvalidException(string file, IReadOnlyList<string> problems)
    : Exception($"The authority profile {file} is invalid:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public string File { get; } = file;

    public IReadOnlyList<string> Problems { get; } = problems;
}
