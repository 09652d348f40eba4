using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>What one batch works with: the tenant's context (inside the batch transaction), its keys, a reader for the old values, and the target key.</summary>
public sealed record ReencryptionBatch(PlatformDbContext Db, TenantKeyring Keyring, FieldReader Reader, DataKeyLease Target, int BatchSize, int DocumentBatchSize, DateTimeOffset Now);
