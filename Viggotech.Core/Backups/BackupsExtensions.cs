using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Alerts;
using Viggotech.Core.Backups;
using Viggotech.Core.Backups.OperatorRestores;
using Viggotech.Core.Backups.Restore;
using Viggotech.Core.Backups.Retention;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Crypto.Keys;

namespace Microsoft.Extensions.Hosting;

public static class BackupsExtensions
{
    /// <summary>
    /// Per-tenant encrypted backups (section <c>Backups</c>): taking them, their retention, restore
    /// tests into the scratch database (<c>ConnectionStrings:viggotech-restore</c>), operator
    /// restores and the tenant-facing <see cref="BackupService"/>. Needs platform data, Key Vault,
    /// encryption, documents, the audit trail and both regions' storage.
    /// </summary>
    public static TBuilder AddBackups<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBlobReplicationQueue();
        builder.Services.AddOptions<BackupsOptions>().BindConfiguration(BackupsOptions.Section)
            .Validate(o => o.ChunkSize is >= 1024 and <= 4 * 1024 * 1024 && o.BlockSize > 0, "Backup chunk and block sizes are out of range.");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<BackupStorage>();
        builder.Services.TryAddSingleton<BackupSigningKeys>();
        builder.Services.TryAddSingleton<BackupRunner>();
        builder.Services.TryAddSingleton<BackupScheduler>();
        builder.Services.TryAddSingleton<BackupRetention>();
        builder.Services.TryAddSingleton<BackupService>();
        builder.Services.TryAddSingleton<ScratchDatabase>();
        builder.Services.TryAddSingleton<RestoreVerifier>();
        builder.Services.TryAddSingleton<RestoreTests>();
        builder.Services.TryAddSingleton<TenantRestore>();
        builder.Services.TryAddSingleton<SandboxRestore>();
        builder.Services.TryAddSingleton<RestoreRequests>();
        builder.Services.TryAddSingleton<SandboxOwnerInvitation>();
        builder.Services.AddMailSender();
        builder.Services.TryAddSingleton<OperatorRestoreRunner>();
        builder.Services.TryAddScoped<OperatorAlerts>();
        builder.Services.AddSingleton<IKekVersionReferences, BackupKekVersions>();
        return builder;
    }
}
