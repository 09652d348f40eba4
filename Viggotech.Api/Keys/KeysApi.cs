using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Viggotech.Api.Access;
using Viggotech.Api.Workspace;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Workspace;

namespace Viggotech.Api.Keys;

/// <summary>
/// Key management for the tenant (keys.manage): versions and dates of its key-encryption key (Key
/// Vault) and data keys, "rotate now" for either, the progress of re-encryption after a data key
/// rotation, and the rotation schedule. Rotations are recorded in the audit trail by
/// <see cref="TenantKeys"/> as the acting user; schedule changes here.
/// </summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("Keys");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.KeysManage);
        group.MapPost("/key-encryption-key/rotate", RotateKeyEncryptionKeyAsync).RequirePermission(Permissions.KeysManage);
        group.MapPost("/data-key/rotate", RotateDataKeyAsync).RequirePermission(Permissions.KeysManage);
        group.MapPut("/schedule", SaveScheduleAsync).RequirePermission(Permissions.KeysManage);
        return group;
    }

    public static async Task<Ok<KeysView>> GetAsync(PlatformDbContext db, TenantKeys keys, KeyEncryptionKeys keyEncryptionKeys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(db, keys, keyEncryptionKeys, cancellationToken));

    public static async Task<Ok<KeysView>> RotateKeyEncryptionKeyAsync(
        PlatformDbContext db, TenantKeys keys, KeyEncryptionKeys keyEncryptionKeys, CancellationToken cancellationToken)
    {
        await keys.RotateKeyEncryptionKeyAsync(db.TenantId!.Value, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, keys, keyEncryptionKeys, cancellationToken));
    }

    public static async Task<Ok<KeysView>> RotateDataKeyAsync(
        PlatformDbContext db, TenantKeys keys, KeyEncryptionKeys keyEncryptionKeys, CancellationToken cancellationToken)
    {
        await keys.RotateDataKeyAsync(db.TenantId!.Value, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, keys, keyEncryptionKeys, cancellationToken));
    }

    /// <summary><c>PUT /api/keys/schedule</c> <c>{ "rotationDays": 90 }</c>: the Worker rotates both keys once the data key is this old.</summary>
    public static async Task<Results<Ok<KeysView>, ValidationProblem>> SaveScheduleAsync(
        KeyScheduleInput input, PlatformDbContext db, IAuditTrail audit, TenantKeys keys, KeyEncryptionKeys keyEncryptionKeys, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (input.RotationDays is < TenantDataSettings.MinKeyRotationDays or > TenantDataSettings.MaxKeyRotationDays)
        {
            return TypedResults.ValidationProblem(FieldErrors.One("rotationDays",
                $"Rotate every {TenantDataSettings.MinKeyRotationDays} to {TenantDataSettings.MaxKeyRotationDays} days."));
        }

        await db.InTransactionAsync(async ct =>
        {
            var settings = await db.DataSettings.SingleOrDefaultAsync(ct);
            if (settings is null)
            {
                settings = TenantDataSettings.Default(db.TenantId!.Value);
                db.DataSettings.Add(settings);
            }
            var before = settings.KeyRotationDays;
            settings.KeyRotationDays = input.RotationDays;
            settings.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.KeyScheduleChange, new AuditTarget("tenant_keys", db.TenantId!.Value.ToString()), details: new Dictionary<string, string>
            {
                ["rotationDaysBefore"] = before.ToString(CultureInfo.InvariantCulture),
                ["rotationDays"] = input.RotationDays.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken: ct);
        }, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, keys, keyEncryptionKeys, cancellationToken));
    }

    private static async Task<KeysView> ViewAsync(PlatformDbContext db, TenantKeys keys, KeyEncryptionKeys keyEncryptionKeys, CancellationToken cancellationToken)
    {
        var tenantId = db.TenantId!.Value;
        var dataKeys = await keys.ListAsync(tenantId, cancellationToken);
        var kekVersions = await keyEncryptionKeys.ListVersionsAsync(tenantId, cancellationToken);
        var rotation = await keys.LatestRotationAsync(tenantId, cancellationToken);
        var days = await db.DataSettings.AsNoTracking().Select(s => (int?)s.KeyRotationDays).SingleOrDefaultAsync(cancellationToken)
            ?? TenantDataSettings.DefaultKeyRotationDays;
        var active = dataKeys.FirstOrDefault(k => k.Status == DataKeyStatus.Active);
        var kek = active?.KekVersion is { } current ? kekVersions.FirstOrDefault(v => v.Version == current) : null;
        return new KeysView(
            kek?.Version ?? active?.KekVersion,
            kek?.CreatedAt,
            kekVersions,
            active?.Version,
            dataKeys,
            rotation is null ? null : await ProgressAsync(db, rotation, cancellationToken),
            days,
            active?.CreatedAt.AddDays(days));
    }

    private static async Task<RotationView> ProgressAsync(PlatformDbContext db, DataKeyRotation rotation, CancellationToken cancellationToken)
    {
        var target = rotation.TargetVersion;
        // Rows whose values are not yet under the target version: their name envelope (always
        // present) names another version in bytes 2 to 5.
        var peopleLeft = rotation.Status == RotationStatus.Running
            ? await db.Database.SqlQuery<int>($"select count(*)::int as \"Value\" from people where substring(name from 2 for 4) <> int4send({target})").SingleAsync(cancellationToken)
            : 0;
        var documentsLeft = rotation.Status == RotationStatus.Running
            ? await db.Documents.CountAsync(d => d.KeyVersion != target, cancellationToken)
            : 0;
        return new RotationView(rotation.TargetVersion, rotation.Status.ToString().ToLowerInvariant(), rotation.Pass, rotation.CurrentTarget,
            rotation.ValuesReencrypted, rotation.DocumentsReencrypted, peopleLeft, documentsLeft, rotation.Error,
            rotation.StartedAt, rotation.UpdatedAt, rotation.CompletedAt);
    }
}

public sealed record KeyScheduleInput(int RotationDays);

public sealed record KeysView(
    string? KeyEncryptionKeyVersion,
    DateTimeOffset? KeyEncryptionKeyCreatedAt,
    IReadOnlyList<KeyEncryptionKeyVersion> KeyEncryptionKeyVersions,
    int? DataKeyVersion,
    IReadOnlyList<DataKeyInfo> DataKeys,
    RotationView? Rotation,
    int RotationDays,
    DateTimeOffset? NextRotationDue);

public sealed record RotationView(
    int TargetVersion, string Status, int Pass, string? CurrentTarget, long ValuesReencrypted, long DocumentsReencrypted,
    int PeopleRemaining, int DocumentsRemaining, string? Error, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);
