using Cme.Core.Mail;

namespace Cme.Core.Tests.Commands;

/// <summary>
/// Headers as the parser hands them to the domain, written briefly:
/// <c>Header("mx.example.org", Dmarc("pass", "example.org"))</c>. A null authserv-id is Exchange
/// Online's shape.
/// </summary>
internal static class AuthenticationResultsNotation
{
    public static AuthenticationResultsHeader Header(string? authServId, params AuthenticationMethodResult[] results) => new(authServId, results);

    public static AuthenticationMethodResult Dmarc(string result, string? headerFrom = null) =>
        new("dmarc", result, headerFrom is null ? [] : [new AuthenticationProperty("header", "from", headerFrom)]);

    public static AuthenticationMethodResult Dkim(string result, string? headerD = null) =>
        new("dkim", result, headerD is null ? [] : [new AuthenticationProperty("header", "d", headerD), new AuthenticationProperty("header", "s", "selector1")]);

    public static AuthenticationMethodResult Spf(string result, string? mailFrom = null) =>
        new("spf", result, mailFrom is null ? [] : [new AuthenticationProperty("smtp", "mailfrom", mailFrom)]);

    public static IReadOnlyList<AuthenticationResultsHeader> Headers(params AuthenticationResultsHeader[] headers) => headers;
}
