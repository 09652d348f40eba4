using Viggotech.Core.Data;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// Something besides the data keys that holds material wrapped under a tenant's key-encryption key
/// versions (backups wrap their keys under one). Versions it names are never disabled after a
/// KEK rotation, or what it wrapped would become unreadable. Called inside the tenant's scope,
/// while the rotation holds the tenant's key rows locked.
/// </summary>
public interface IKekVersionReferences
{
    Task<IReadOnlyCollection<string>> ReferencedVersionsAsync(PlatformDbContext db, CancellationToken cancellationToken);
}
