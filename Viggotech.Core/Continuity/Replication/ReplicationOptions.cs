namespace Viggotech.Core.Continuity.Replication;

/// <summary>How copies to region B are retried (section <c>Replication</c>).</summary>
public sealed class ReplicationOptions
{
    public const string Section = "Replication";

    /// <summary>The longest wait between two attempts of one copy; the wait doubles from 2 s up to it.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
}
