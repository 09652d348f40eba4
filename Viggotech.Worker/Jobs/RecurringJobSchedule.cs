namespace Viggotech.Worker.Jobs;

public sealed record RecurringJobSchedule(string Name, Type JobType, TimeSpan Interval);
