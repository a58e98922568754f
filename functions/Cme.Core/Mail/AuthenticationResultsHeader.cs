namespace Cme.Core.Mail;

/// <summary>
/// One <c>Authentication-Results</c> header (RFC 8601) as a real parser read it: who wrote it (its
/// authserv-id) and what each method concluded. A message carries these topmost first; each mail
/// system that checks a message adds its own above those already there, so only the ones written
/// by the council's own receiving servers mean anything, and anything below them may be forged.
/// </summary>
/// <param name="AuthServId">
/// The authserv-id naming the system that wrote the header; null when the header has none, which is
/// how Exchange Online writes it (<c>spf=pass (sender IP is …) smtp.mailfrom=…; dkim=pass …</c>).
/// </param>
/// <param name="Results">Each method's result, in the header's order.</param>
/// <param name="IsReadable">False when the header could not be parsed: it then proves nothing.</param>
public sealed record AuthenticationResultsHeader(string? AuthServId, IReadOnlyList<AuthenticationMethodResult> Results, bool IsReadable = true)
{
    /// <summary>A header the parser could not read (malformed): never trusted.</summary>
    public static AuthenticationResultsHeader Unreadable { get; } = new(null, [], IsReadable: false);
}

/// <summary>One method's result in an <c>Authentication-Results</c> header: <c>dkim=pass header.d=example.org</c>.</summary>
/// <param name="Method">The method, lower case: <c>spf</c>, <c>dkim</c>, <c>dmarc</c>, <c>compauth</c>…</param>
/// <param name="Result">The result, lower case: <c>pass</c>, <c>fail</c>, <c>none</c>…</param>
/// <param name="Properties">The properties (<c>header.from</c>, <c>header.d</c>, <c>smtp.mailfrom</c>), values unquoted.</param>
public sealed record AuthenticationMethodResult(string Method, string Result, IReadOnlyList<AuthenticationProperty> Properties)
{
    /// <summary>The value of the first property named <c>{type}.{name}</c> (e.g. <c>header</c>, <c>from</c>), or null.</summary>
    public string? Property(string type, string name) =>
        Properties.FirstOrDefault(p => p.Type.Equals(type, StringComparison.OrdinalIgnoreCase) && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    public override string ToString() => $"{Method}={Result}";
}

/// <summary>A property of a method result: <c>header.from=example.org</c> is type <c>header</c>, name <c>from</c>, value <c>example.org</c>.</summary>
public sealed record AuthenticationProperty(string Type, string Name, string Value);
