namespace Viggotech.Core.Crypto.Rotation;

/// <param name="LastId">The last item looked at: where the next batch starts.</param>
/// <param name="Values">Encrypted field values moved onto the target version.</param>
/// <param name="Documents">Documents (whole blobs) moved onto the target version.</param>
/// <param name="Finished">No items are left after <paramref name="LastId"/>.</param>
public sealed record ReencryptionBatchResult(Guid? LastId, int Values, int Documents, bool Finished);
