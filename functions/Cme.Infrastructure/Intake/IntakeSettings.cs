using Cme.Core.Cases;
using Cme.Core.Children;

namespace Cme.Infrastructure.Intake;

/// <summary>What ingestion needs from the authority's profile.</summary>
public sealed record IntakeSettings(string ServiceName, TimeZoneInfo TimeZone, Func<Postcode?, CaseRouting> Route);
