namespace Viggotech.Core.Continuity.Drills;

/// <summary>
/// What a drill needs from the environment that runs the database: the process and promotion
/// steps differ between the local platform (processes the AppHost owns) and a managed service.
/// </summary>
public interface IDatabaseFailoverControl
{
    /// <summary>The region whose database is the primary now.</summary>
    string PrimaryRegion { get; }

    /// <summary>The region whose database is the synchronous standby now.</summary>
    string StandbyRegion { get; }

    /// <summary>Throws unless the standby confirms every commit (synchronous and streaming): a failover now loses nothing.</summary>
    Task VerifyStandbyIsSynchronousAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the primary away. Before it returns the primary can no longer acknowledge writes and
    /// is fenced: nothing will start it as a primary again. <paramref name="primaryLost"/> is
    /// called at the moment it stops accepting writes, where the recovery time starts.
    /// </summary>
    Task LosePrimaryAsync(DrillKind kind, Action primaryLost, CancellationToken cancellationToken);

    /// <summary>Makes the standby the primary, accepting writes without waiting for a standby of its own.</summary>
    Task PromoteStandbyAsync(CancellationToken cancellationToken);

    /// <summary>Turns the former primary into the new primary's synchronous standby.</summary>
    Task RebuildFormerPrimaryAsStandbyAsync(CancellationToken cancellationToken);
}
