namespace Cme.Parsing;

/// <summary>Bounds on what one email may cost to read. Anything past them is cut and the email goes to triage saying so.</summary>
public sealed record ParseLimits
{
    /// <summary>Largest email read, in bytes. Default 25 MB (Exchange Online's usual message size limit).</summary>
    public int MaxMimeBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>
    /// Longest header field read, continuation lines included, in bytes; an email with a longer one
    /// is not read. Default 64 KB: a mail header line is at most 998 bytes, and even a To list of a
    /// thousand addresses is smaller; reading one field costs the square of its length.
    /// </summary>
    public int MaxHeaderFieldBytes { get; init; } = 64 * 1024;

    /// <summary>Deepest MIME nesting followed. Default 12.</summary>
    public int MaxDepth { get; init; } = 12;

    /// <summary>Most MIME parts read. Default 200.</summary>
    public int MaxParts { get; init; } = 200;

    /// <summary>Most text kept from the whole email, in characters. Default 200,000.</summary>
    public int MaxTextChars { get; init; } = 200_000;

    /// <summary>A .docx whose parts would expand beyond this many bytes is not opened (zip bombs). Default 20 MB.</summary>
    public long MaxDocxUncompressedBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Most entries in a .docx package. Default 500.</summary>
    public int MaxDocxEntries { get; init; } = 500;

    /// <summary>
    /// Deepest XML nesting in a .docx that is opened. Default 256: Word's own documents stay far
    /// shallower, and the Open XML reader recurses once per level, so thousands would exhaust the stack.
    /// </summary>
    public int MaxDocxXmlDepth { get; init; } = 256;

    /// <summary>
    /// Deepest tag nesting in an HTML part that is read. Default 400: mail clients' HTML, long reply
    /// chains included, stays far shallower, and past about 500 levels parsing slows with the square of the tags.
    /// </summary>
    public int MaxHtmlDepth { get; init; } = 400;

    /// <summary>
    /// Largest .pdf read, in bytes. Default 10 MB: text-based forms are far smaller, and reading
    /// costs in proportion to the page content (a 7 MB PDF of text operators took 4 s and allocated
    /// 530 MB), so the 25 MB an email may carry would cost over a gigabyte.
    /// </summary>
    public int MaxPdfBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Most PDF pages read. Default 20.</summary>
    public int MaxPdfPages { get; init; } = 20;

    public static ParseLimits Default { get; } = new();
}
