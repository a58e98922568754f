namespace Cme.Core.Deadlines;

/// <summary>Where the policy review stands.</summary>
/// <param name="DueOn">When the next review is due.</param>
/// <param name="LastReviewedOn">When a review was last recorded, if ever.</param>
/// <param name="Overdue">Past its due day and not recorded.</param>
/// <param name="DaysUntilDue">Calendar days until due; negative when overdue.</param>
public sealed record PolicyReviewStatus(DateOnly DueOn, DateOnly? LastReviewedOn, bool Overdue, int DaysUntilDue);
