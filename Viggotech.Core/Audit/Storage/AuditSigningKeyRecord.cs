namespace Viggotech.Core.Audit.Storage;

/// <summary>
/// A public audit signing key as published (<c>audit_signing_keys</c>): platform-wide, not a
/// tenant's. The Worker adds each key version before it signs anything with it, so every
/// <c>kid</c> in a stored seal is here; rows are never changed or removed.
/// </summary>
public sealed class AuditSigningKeyRecord
{
    public required string KeyId { get; init; }

    public required string X { get; init; }

    public required string Y { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
