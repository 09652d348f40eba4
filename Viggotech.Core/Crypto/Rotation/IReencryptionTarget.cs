namespace Viggotech.Core.Crypto.Rotation;

/// <summary>Something holding data encrypted under a tenant's data key that the rotation job must move onto the new version.</summary>
public interface IReencryptionTarget
{
    /// <summary>Stable name, stored as the rotation's progress marker; targets run in ordinal order of it.</summary>
    string Name { get; }

    /// <summary>
    /// Re-encrypts up to one batch of items after <paramref name="cursor"/> that are under another
    /// version than the target, inside the batch's transaction, locking what it changes.
    /// </summary>
    Task<ReencryptionBatchResult> ReencryptBatchAsync(ReencryptionBatch batch, Guid? cursor, CancellationToken cancellationToken);

    /// <summary>Whether anything is still under another version than the batch's target key.</summary>
    Task<bool> HasOtherVersionsAsync(ReencryptionBatch batch, CancellationToken cancellationToken);
}
