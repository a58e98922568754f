using Cme.Core.Notifications;

namespace Cme.Application.Ports;

/// <summary>Writes a notification's subject and text from the profile's templates.</summary>
public interface INotificationTemplates
{
    Notification Render(NotificationRequest request);
}
