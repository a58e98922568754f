using System.Diagnostics;
using Cme.Core.Intake;
using Cme.Testing.Hostile;

namespace Cme.Parsing.Tests.Fuzz;

/// <summary>
/// Parses hostile emails one by one and checks what must hold for every one of them, collecting
/// failures (with how to reproduce each) rather than stopping at the first.
/// </summary>
/// <remarks>
/// What "goes to triage with a reason" means here: the parsed email is given to the intake policy
/// with nothing known (no case, no open case for the child), as for a new email. An email the
/// parser could not read at all, or that the generator built so that nothing readable names a child
/// or part of it cannot be read, must come out as <see cref="IntakeDecision.Triage"/>; the reason
/// must be one line, must not quote the email (the invented child's surname never appears in it),
/// and must name the problem where the generator knows it.
/// </remarks>
internal sealed class FuzzRun
{
    /// <summary>A safety bound on one email, generous for a loaded machine: not a speed test.</summary>
    public static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Allocation allowed for one email: a fixed allowance for the libraries' working sets, plus a
    /// multiple of the email's own size (decoding, text, copies; PdfPig builds an object per
    /// content-stream operator, about 90 bytes per byte of PDF). Never in proportion to what an
    /// attachment claims to expand to, nor to the square of anything: the quadratic costs fixed
    /// so far (1.5 GB for 280 KB of form lines, 29 GB for a 2 MB folded header) broke it many times over.
    /// </summary>
    public const long BaseAllocation = 96L * 1024 * 1024;

    /// <inheritdoc cref="BaseAllocation"/>
    public const long AllocationPerByte = 128;

    /// <summary>
    /// The stack a host thread may have. Windows gives thread-pool threads 1 MB (Linux 1.5 MB): an
    /// email that needs more crashes the whole host, so every email is parsed on a thread this small.
    /// </summary>
    private const int HostThreadStack = 1024 * 1024;

    /// <summary>Names the email being parsed, for when the process dies on it.</summary>
    public static readonly string CurrentCaseFile = Path.Combine(Path.GetTempPath(), "cme-fuzz-current-case.txt");

    private static readonly IntakeFacts NothingKnown = new(null, null);

    private readonly EmailParser _parser = new();

    public List<string> Failures { get; } = [];

    public int Count { get; private set; }

    public TimeSpan Slowest { get; private set; }

    public string SlowestCase { get; private set; } = string.Empty;

    public long LargestAllocation { get; private set; }

    public string LargestAllocationCase { get; private set; } = string.Empty;

    public string Summary =>
        $"{Count} emails; slowest {Slowest.TotalMilliseconds:N0} ms ({SlowestCase}); largest allocation {LargestAllocation / (1024.0 * 1024):N1} MB ({LargestAllocationCase})";

    public void Check(HostileEmail email, string reproduce)
    {
        Count++;

        // A stack overflow ends the process before any report: this file names the case that did it.
        File.WriteAllText(CurrentCaseFile, $"{email} [{reproduce}]");
        var (parsed, error, elapsed, allocated) = ParseOnHostThread(email.Mime);
        if (elapsed > Slowest)
        {
            (Slowest, SlowestCase) = (elapsed, email.ToString());
        }

        if (allocated > LargestAllocation)
        {
            (LargestAllocation, LargestAllocationCase) = (allocated, email.ToString());
        }

        var problems = new List<string>();
        if (error is not null)
        {
            problems.Add($"Parse threw {error.GetType().Name}: {error.Message}");
        }
        else
        {
            problems.AddRange(Violations(email, parsed!, elapsed, allocated));
        }

        if (problems.Count > 0)
        {
            var saved = Path.Combine(Path.GetTempPath(), $"cme-fuzz-{Failures.Count}-{Guid.NewGuid():N}.eml");
            File.WriteAllBytes(saved, email.Mime);
            Failures.Add($"{email} [{reproduce}; bytes saved to {saved}]: {string.Join("; ", problems)}");
        }
    }

    public string Report(string howToReproduce) =>
        $"{Failures.Count} of {Count} hostile emails broke a bound (reproduce with {howToReproduce}):\n" + string.Join("\n", Failures.Take(15));

    /// <summary>The allocation allowed for an email of this many bytes.</summary>
    public static long AllocationBound(int mimeBytes) => BaseAllocation + (AllocationPerByte * mimeBytes);

    private static IEnumerable<string> Violations(HostileEmail email, ParsedEmail parsed, TimeSpan elapsed, long allocated)
    {
        if (elapsed > TimeBound)
        {
            yield return $"took {elapsed.TotalSeconds:N1} s (bound {TimeBound.TotalSeconds:N0} s)";
        }

        if (allocated > AllocationBound(email.Mime.Length))
        {
            yield return $"allocated {allocated / (1024 * 1024):N0} MB (bound {AllocationBound(email.Mime.Length) / (1024 * 1024):N0} MB)";
        }

        if (parsed.Text.Length > 4000)
        {
            yield return $"kept {parsed.Text.Length} characters of text (bound 4,000)";
        }

        foreach (var (field, value) in new[] { ("Text", parsed.Text), ("ActionsTaken", parsed.ActionsTaken), ("first name", parsed.Child.FirstName), ("surname", parsed.Child.LastName), ("school", parsed.Child.School) })
        {
            if (value?.Contains(HostileMail.ScriptCanary, StringComparison.Ordinal) == true)
            {
                yield return $"script or style content became the {field}";
            }
        }

        foreach (var address in new[] { parsed.From?.Value, parsed.ReferrerEmail?.Value })
        {
            if (address is not null && (address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || (email.MustNotReach is { } forbidden && address.Equals(forbidden, StringComparison.OrdinalIgnoreCase))))
            {
                yield return $"a smuggled or malformed address became the sender or referrer ({address})";
            }
        }

        if (Decide(parsed) is not { } decision)
        {
            yield return "the intake policy threw on the parsed email";
            yield break;
        }

        var unreadable = parsed.Confidence == 0;
        if ((email.MustTriage || unreadable) && decision is not IntakeDecision.Triage)
        {
            yield return $"should go to triage ({(unreadable ? "the parser could not read it" : "nothing readable names a child, or part of it cannot be read")}) but the intake decision was {decision}";
        }

        if (decision is IntakeDecision.Triage { Reason: var reason })
        {
            if (string.IsNullOrWhiteSpace(reason) || reason.Any(char.IsControl))
            {
                yield return $"the triage reason is empty or not one line ({reason})";
            }

            if (reason.Contains(HostileMail.ChildSurname, StringComparison.OrdinalIgnoreCase))
            {
                yield return "the triage reason quotes the email (it names the child)";
            }

            if (email.MustTriage && email.ReasonMentions.Count > 0 && !email.ReasonMentions.Any(word => reason.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"the triage reason ({reason}) does not say why: expected it to mention {string.Join(" or ", email.ReasonMentions)}";
            }
        }
    }

    private static IntakeDecision? Decide(ParsedEmail parsed)
    {
        try
        {
            return IntakePolicy.Decide(parsed, NothingKnown);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return null;
        }
    }

    private (ParsedEmail? Parsed, Exception? Error, TimeSpan Elapsed, long Allocated) ParseOnHostThread(byte[] mime)
    {
        (ParsedEmail?, Exception?, TimeSpan, long) result = default;
        var thread = new System.Threading.Thread(
            () =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                try
                {
                    var parsed = _parser.Parse(mime);
                    result = (parsed, null, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
                }
                catch (Exception exception)
                {
                    result = (null, exception, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
                }
            },
            HostThreadStack);
        thread.Start();
        thread.Join();
        return result;
    }
}
