namespace Cme.Core.Intake;

/// <summary>Reads one raw email. Never throws for bad input: an unreadable email comes back with a triage reason.</summary>
public interface IEmailParser
{
    ParsedEmail Parse(ReadOnlyMemory<byte> mime);
}
