using Cme.Core.Cases;
using Cme.Core.Mail;

namespace Cme.Core.Notifications;

/// <summary>
/// A notification decided on but not yet written: who it goes to, which of the profile's
/// templates writes it, and the values the template may use. The model holds only what the
/// notification settings allow (initials by default, full names only when the profile says so).
/// </summary>
public sealed record NotificationRequest(
    string Id,
    NotificationKind Kind,
    CaseReference? Case,
    IReadOnlyList<EmailAddress> To,
    string Template,
    IReadOnlyDictionary<string, object?> Model);
