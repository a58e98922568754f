namespace Cme.Application.Digest;

/// <summary>The managers' weekly digest: <c>Cme:Digest</c>.</summary>
public sealed class DigestOptions
{
    /// <summary>The day it is sent, in the profile's time zone. Default Monday.</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>The local time from which it is sent that day. Default 07:00.</summary>
    public TimeOnly Time { get; set; } = new(7, 0);
}
