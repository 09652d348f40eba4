using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;

namespace Viggotech.Core.Backups;

/// <summary>
/// The KEK versions backup keys are wrapped under: kept enabled while a backup that used them may
/// still be restored (running, completed, not yet deleted by retention).
/// </summary>
internal sealed class BackupKekVersions : IKekVersionReferences
{
    public async Task<IReadOnlyCollection<string>> ReferencedVersionsAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        await db.Set<BackupRecord>()
            .Where(b => b.KekVersion != null && (b.Status == BackupStatus.Running || b.Status == BackupStatus.Completed))
            .Select(b => b.KekVersion!).Distinct().ToListAsync(cancellationToken);
}
