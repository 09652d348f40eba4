namespace Viggotech.Web.Api;

// The operator Api's restore answers as the portal reads them.

public sealed record RestorableTenantView(Guid Id, string Name, string Slug, IReadOnlyList<RestorableBackupView> Backups);

public sealed record RestorableBackupView(Guid Id, DateTimeOffset CompletedAt, long Bytes, bool? Verified)
{
    public string Describe() =>
        $"{CompletedAt:u} · {(Bytes < 1024 * 1024 ? $"{Math.Max(1, Bytes / 1024)} KiB" : $"{Bytes / (1024 * 1024)} MiB")} · "
        + (Verified switch { true => "restore-tested", false => "restore test FAILED", null => "not tested yet" });
}

public sealed record RestoreRequestView(
    Guid Id, Guid TenantId, Guid BackupId, string Mode, string Reason, string RequestedBy, DateTimeOffset RequestedAt,
    string Status, string? Stage, int Percent, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    Guid? SandboxTenantId, string? SandboxSlug, long RowsRestored, int DocumentsRestored, DateTimeOffset? OwnerInvitedAt, string? Error)
{
    public bool Open => Status is "queued" or "running";
}
