using System.Text;
using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Intake;
using Xunit.Abstractions;

namespace Cme.Parsing.Tests;

/// <summary>
/// Officers' commands with forged authentication, each a whole message through the real parser and
/// the intake policy, from a staff address on an open case: none may be applied. Genuine commands
/// the same way, through Graph (Exchange Online's header shape) and through a folder mailbox whose
/// receiving server's authserv-id is configured: all applied. The council's receiving server is
/// <c>mx.example.org</c>; the officer is <c>cme-west@example.org</c>.
/// </summary>
public sealed class SpoofedCommandTests(ITestOutputHelper output)
{
    private const string Folder = "folder";
    private const string Graph = "graph";

    private static readonly CaseReference Reference = CaseReference.Create(2026, 12);
    private static readonly Case Open = Case.Open(Reference, EmailKind.Referral, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), new ChildDetails("Ada", "Invented", null, null, null, null, null, null), new CaseRouting("west", null, null), null, []);

    /// <summary>Exchange Online's own header: no authserv-id, comments, separators without spaces.</summary>
    private const string ExchangePass = "Authentication-Results: spf=pass (sender IP is 192.0.2.10)\r\n smtp.mailfrom=example.org; dkim=pass (signature was verified)\r\n header.d=example.org;dmarc=pass action=none header.from=example.org;compauth=pass\r\n reason=100";

    /// <summary>(why it is a forgery, the mailbox it was read from, its headers topmost first).</summary>
    public static TheoryData<string, string, string[]> Forged => new()
    {
        // The three the issue found applied.
        { "Exchange's internal mark written into a file in the folder mailbox", Folder, ["X-MS-Exchange-Organization-AuthAs: Internal"] },
        { "a bare dmarc=pass naming no From domain, in the trusted topmost header", Folder, ["Authentication-Results: mx.example.org; dmarc=pass"] },
        { "a quoted smtp.mailfrom carrying ;dmarc=pass", Folder, ["Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=\"x;dmarc=pass header.from=example.org\"@attacker.example; dkim=none; dmarc=none"] },

        // Who wrote the header.
        { "a header written by a server the council does not run", Folder, ["Authentication-Results: mx.attacker.example; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"] },
        { "an authserv-id that only begins with the council's", Folder, ["Authentication-Results: mx.example.org.attacker.example; dmarc=pass header.from=example.org"] },
        { "an Exchange-shaped header (no authserv-id) in the folder mailbox", Folder, [ExchangePass] },
        { "Exchange's internal mark in the folder mailbox, with a trusted header that proves nothing", Folder, ["X-MS-Exchange-Organization-AuthAs: Internal", "Authentication-Results: mx.example.org; spf=none; dkim=none; dmarc=none"] },
        { "Exchange's internal mark in the folder mailbox over a DMARC fail", Folder, ["X-MS-Exchange-Organization-AuthAs: Internal", "Authentication-Results: mx.example.org; dmarc=fail header.from=example.org"] },

        // Alignment.
        { "DKIM passed, but signed by another domain", Folder, ["Authentication-Results: mx.example.org; dkim=pass header.d=evil.example header.s=s1; dmarc=none"] },
        { "DKIM passed for a domain that ends like the sender's", Folder, ["Authentication-Results: mx.example.org; dkim=pass header.d=notexample.org; dmarc=none"] },
        { "DMARC passed for another From domain", Folder, ["Authentication-Results: mx.example.org; dmarc=pass header.from=evil.example"] },
        { "DMARC passed for a domain under the attacker's", Folder, ["Authentication-Results: mx.example.org; dmarc=pass header.from=example.org.evil.example"] },
        { "SPF passed for the sender's domain, and nothing else", Folder, ["Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.org; dkim=none; dmarc=none"] },
        { "DMARC failed though an aligned DKIM signature passed", Folder, ["Authentication-Results: mx.example.org; dkim=pass header.d=example.org; dmarc=fail header.from=example.org"] },

        // Values and comments that say pass.
        { "a comment saying dmarc=pass", Folder, ["Authentication-Results: mx.example.org; dmarc=none (dmarc=pass header.from=example.org) header.from=example.org"] },
        { "a comment saying dkim=pass in a DKIM fail", Folder, ["Authentication-Results: mx.example.org; dkim=fail (dkim=pass header.d=example.org) header.d=example.org"] },
        { "a quoted header.d carrying a separator", Folder, ["Authentication-Results: mx.example.org; dkim=pass header.d=\"evil.example;dkim=pass header.d=example.org\"; dmarc=none"] },
        { "a reason quoting a pass", Folder, ["Authentication-Results: mx.example.org; dmarc=fail reason=\"dmarc=pass header.from=example.org\" header.from=example.org"] },

        // Several headers, in every order.
        { "a forged pass above the trusted header's fail", Folder, ["Authentication-Results: relay.attacker.example; dmarc=pass header.from=example.org", "Authentication-Results: mx.example.org; dmarc=fail header.from=example.org"] },
        { "a forged pass below the trusted header's fail", Folder, ["Authentication-Results: mx.example.org; dmarc=fail header.from=example.org", "Authentication-Results: relay.attacker.example; dmarc=pass header.from=example.org"] },
        { "a forged pass, with the council's own id, below the real header's none", Folder, ["Authentication-Results: mx.example.org; spf=none; dkim=none; dmarc=none", "Authentication-Results: mx.example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"] },
        { "an untrusted pass above a trusted none", Folder, ["Authentication-Results: mx.attacker.example; dmarc=pass header.from=example.org", "Authentication-Results: mx.example.org; dmarc=none"] },
        { "only untrusted headers, several, all passing", Folder, ["Authentication-Results: a.attacker.example; dmarc=pass header.from=example.org", "Authentication-Results: b.attacker.example; dkim=pass header.d=example.org"] },
        { "an unreadable header above a forged pass", Folder, ["Authentication-Results: ;;; dmarc=pass header.from=example.org =", "Authentication-Results: forged.example.net; dmarc=pass header.from=example.org"] },

        // Through Graph: Exchange Online's header is the topmost.
        { "Exchange's own fail above a forged Exchange-shaped pass", Graph, ["Authentication-Results: spf=fail (sender IP is 198.51.100.7) smtp.mailfrom=example.org; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=example.org;compauth=fail reason=000", ExchangePass] },
        { "a forged Exchange-shaped pass below an Exchange none", Graph, ["Authentication-Results: spf=none (sender IP is 198.51.100.7) smtp.mailfrom=attacker.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=example.org;compauth=softpass reason=201", ExchangePass] },
        { "Exchange's pass for another From domain", Graph, ["Authentication-Results: spf=pass (sender IP is 198.51.100.7) smtp.mailfrom=evil.example; dkim=pass (signature was verified) header.d=evil.example;dmarc=pass action=none header.from=evil.example;compauth=pass reason=100"] },
        { "no Exchange header, a forged one from another server", Graph, ["Authentication-Results: mx.attacker.example; dmarc=pass header.from=example.org"] },
        { "Exchange marks it anonymous, with no results", Graph, ["X-MS-Exchange-Organization-AuthAs: Anonymous"] },
    };

    /// <summary>(what it is, the mailbox it was read from, its headers topmost first).</summary>
    public static TheoryData<string, string, string[]> Genuine => new()
    {
        { "Exchange Online's header, read through Graph", Graph, [ExchangePass] },
        { "Exchange Online's older header with the receiving domain between results, through Graph", Graph, ["Authentication-Results: spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=example.org; council.example; dkim=pass (signature was verified) header.d=example.org;council.example; dmarc=pass action=none header.from=example.org;compauth=pass reason=100"] },
        { "sent inside the organisation, read through Graph", Graph, ["X-MS-Exchange-Organization-AuthAs: Internal"] },
        { "DKIM signed by a subdomain of the sender's, through Graph", Graph, ["Authentication-Results: spf=none (sender IP is 192.0.2.10) smtp.mailfrom=bounce.example.org; dkim=pass (signature was verified) header.d=mail.example.org;dmarc=none action=none header.from=example.org;compauth=pass reason=109"] },
        { "the trusted server's DMARC pass, through the folder mailbox", Folder, ["Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org header.s=selector1; dmarc=pass action=none header.from=example.org"] },
        { "the trusted server's aligned DKIM pass only, folded, through the folder mailbox", Folder, ["Authentication-Results: mx.example.org;\r\n\tspf=softfail smtp.mailfrom=example.org;\r\n\tdkim=pass header.d=example.org header.s=selector1;\r\n\tdmarc=none"] },
        { "the trusted header below an internal relay's, through the folder mailbox", Folder, ["Authentication-Results: relay.internal.example; none", "Authentication-Results: mx.example.org; dmarc=pass header.from=example.org", "Authentication-Results: forged.example.net; dmarc=fail header.from=example.org"] },
    };

    [Theory]
    [MemberData(nameof(Forged))]
    public void A_forged_command_is_refused_and_the_officer_told_why(string forgery, string source, string[] headers)
    {
        var decision = Decide(source, headers);

        Assert.True(decision.Apply is null, $"applied: {forgery}");
        Assert.True(decision.TellSender);
        Assert.StartsWith("the message could not be shown to come from cme-west@example.org: ", decision.RefusedBecause, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Genuine))]
    public void A_genuine_staff_command_is_applied(string what, string source, string[] headers)
    {
        var decision = Decide(source, headers);

        Assert.True(decision.Apply is not null, $"{what}: {decision.RefusedBecause}");
    }

    [Fact]
    public void The_whole_suite_applies_no_forgery_and_every_genuine_command()
    {
        var forged = Forged.Select(row => Decide((string)row[1], (string[])row[2])).Count(d => d.Apply is not null);
        var genuine = Genuine.Select(row => Decide((string)row[1], (string[])row[2])).Count(d => d.Apply is not null);
        output.WriteLine($"forged commands applied: {forged} of {Forged.Count()}; genuine commands applied: {genuine} of {Genuine.Count()}");

        Assert.Equal(0, forged);
        Assert.Equal(Genuine.Count(), genuine);
    }

    private static IntakeDecision.Command Decide(string source, string[] headers)
    {
        var mime = new StringBuilder();
        foreach (var header in headers)
        {
            mime.Append(header).Append("\r\n");
        }

        mime.Append("From: West CME Officer <cme-west@example.org>\r\nTo: cme@example.org\r\n")
            .Append($"Subject: RE: {Reference}\r\nMessage-ID: <cmd-{Guid.NewGuid():N}@example.org>\r\n")
            .Append("Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n#close family moved away\r\n");
        var parsed = new EmailParser().Parse(Encoding.UTF8.GetBytes(mime.ToString()));
        var trust = new SenderTrust(["mx.example.org"], ReadFromOwnExchange: source == Graph);
        return Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(parsed, new IntakeFacts(Open, null, SenderIsStaff: true, trust)));
    }
}
