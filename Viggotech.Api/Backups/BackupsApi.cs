using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Backups;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Backups;

/// <summary>
/// The organisation's backups: the list with the last verified restore, a backup on demand, and
/// the public keys manifests are signed with (for <c>viggotech backup verify --keys</c>). Every
/// call acts for the signed-in user's tenant only.
/// </summary>
public static class BackupsApi
{
    public const string KeysPath = "/.well-known/viggotech-backup-keys";

    public static RouteGroupBuilder MapBackupsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(KeysPath, GetKeysAsync).AllowAnonymous().WithName("BackupKeys");

        var api = routes.MapGroup("/api/backups").WithTags("Backups");
        api.MapGet("/", ListAsync).WithName("Backups").RequirePermission(Permissions.DataExport);
        api.MapPost("/", StartAsync).WithName("StartBackup").RequirePermission(Permissions.DataExport);
        api.MapGet("/{id:guid}", GetAsync).WithName("Backup").RequirePermission(Permissions.DataExport);
        return api;
    }

    public static async Task<FileContentHttpResult> GetKeysAsync(BackupSigningKeys keys, HttpContext context, CancellationToken cancellationToken)
    {
        using var set = await keys.PublicKeysAsync(cancellationToken);
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.File(set.ToJwks(), "application/jwk-set+json");
    }

    public static async Task<Results<Ok<BackupsOverview>, ProblemHttpResult>> ListAsync(ITenantContext tenant, BackupService backups, CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId)
        {
            return SignInRequired();
        }

        return TypedResults.Ok(new BackupsOverview(
            await backups.ListAsync(tenantId, 100, cancellationToken),
            await backups.LastVerifiedRestoreAsync(tenantId, cancellationToken),
            await backups.RetentionAsync(tenantId, cancellationToken)));
    }

    public static async Task<Results<Ok<BackupProgress>, ProblemHttpResult>> GetAsync(Guid id, ITenantContext tenant, BackupService backups,
        CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId)
        {
            return SignInRequired();
        }

        return await backups.GetAsync(tenantId, id, cancellationToken) is { } backup
            ? TypedResults.Ok(backup)
            : TypedResults.Problem(title: "No such backup.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>Asks for a backup now; one already waiting or running is joined. Recorded in the audit trail.</summary>
    public static async Task<Results<Accepted<BackupStarted>, ProblemHttpResult>> StartAsync(ITenantContext tenant, BackupService backups, PlatformDbContext db,
        IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId)
        {
            return SignInRequired();
        }

        var id = await backups.StartAsync(tenantId, cancellationToken);
        await db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.BackupRequest, new AuditTarget("backup", id.ToString("D")), cancellationToken: ct), cancellationToken);
        return TypedResults.Accepted($"/api/backups/{id:D}", new BackupStarted(id));
    }

    private static ProblemHttpResult SignInRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to see your organisation's backups.");
}

public sealed record BackupsOverview(IReadOnlyList<BackupProgress> Backups, LastVerifiedRestore? LastVerifiedRestore, BackupRetentionPolicy Retention);

public sealed record BackupStarted(Guid Id);
