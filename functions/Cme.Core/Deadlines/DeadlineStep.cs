namespace Cme.Core.Deadlines;

/// <summary>Reminders go to the area's officer; escalations go to the manager.</summary>
public enum DeadlineStepKind
{
    Reminder,
    Escalation,
}

/// <summary>
/// One scheduled message about a deadline. Steps are numbered in date order from 0: the
/// reminders, then the escalations, every few school days for as long as the deadline is missed.
/// </summary>
/// <param name="Index">Position in the deadline's schedule; later steps have larger indices.</param>
/// <param name="Kind">Reminder or escalation.</param>
/// <param name="On">The day the step is due (it is sent from the profile's notification time that day).</param>
/// <param name="Number">For a reminder, the school days before the due day (0 is the due day); for an escalation, 1 for the first.</param>
public sealed record DeadlineStep(int Index, DeadlineStepKind Kind, DateOnly On, int Number)
{
    /// <summary>A short stable name for the step, part of its notification's id: <c>reminder-2</c>, <c>escalation-1</c>.</summary>
    public string Key => Kind == DeadlineStepKind.Reminder ? $"reminder-{Number}" : $"escalation-{Number}";
}
