namespace Viggotech.Core.Continuity.Drills;

/// <summary>One step of a drill as it happened.</summary>
public sealed record DrillStep(string Name, DateTimeOffset StartedAt, long DurationMs, bool Succeeded, string? Detail);
