using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Export;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Storage;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Audit;

/// <summary>
/// The audit trail over HTTP: the published signing keys (anonymous), the pull feed for SIEMs and
/// the export bundle. Feed and export act for the request's tenant, which comes from the
/// authenticated principal only; without one they answer 401.
/// </summary>
public static class AuditApi
{
    public const string KeysPath = "/.well-known/viggotech-audit-keys";

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(KeysPath, GetKeysAsync).AllowAnonymous().WithName("AuditKeys");

        var api = routes.MapGroup("/api/audit").WithTags("Audit");
        api.MapGet("/events", GetEventsAsync).WithName("AuditEvents").RequirePermission(Permissions.AuditRead);
        api.MapGet("/export", Export).WithName("AuditExport").RequirePermission(Permissions.AuditExport);
        api.MapAuditViewerApi();
        api.MapAuditStreamingApi();
        return api;
    }

    /// <summary>JWKS of every audit signing key version that ever signed (docs/audit-format.md §4).</summary>
    public static async Task<FileContentHttpResult> GetKeysAsync(PlatformDbContext db, HttpContext context, CancellationToken cancellationToken)
    {
        using var keys = await db.LoadAuditKeysAsync(cancellationToken);
        // Keys are only ever added; a short cache keeps a new version visible soon after it signs.
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.File(keys.ToJwks(), "application/jwk-set+json");
    }

    /// <summary><c>GET /api/audit/events?after=&amp;limit=</c>: events after the cursor, with the next cursor.</summary>
    public static async Task<Results<AuditFeedResult, ValidationProblem, ProblemHttpResult>> GetEventsAsync(
        ITenantContext tenant, AuditEventFeed feed, CancellationToken cancellationToken, long after = 0, int limit = AuditEventFeed.DefaultLimit)
    {
        if (tenant.TenantId is null)
        {
            return SignInRequired();
        }
        try
        {
            return new AuditFeedResult(await feed.ReadAsync(after, limit, cancellationToken));
        }
        catch (AuditValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary());
        }
    }

    /// <summary>
    /// <c>GET /api/audit/export[?gzip=true]</c>: the tenant's bundle, streamed as it is read. The
    /// export is recorded in the trail first, so it appears in the bundle it produced.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Export(
        ITenantContext tenant, PlatformDbContext db, IAuditTrail audit, AuditExport export, TimeProvider time, CancellationToken cancellationToken, bool gzip = false)
    {
        if (tenant.TenantId is not { } tenantId)
        {
            return SignInRequired();
        }
        await db.InTransactionAsync(ct => audit.RecordAsync(AuditActions.AuditExport, new AuditTarget("audit_trail", tenantId.ToString()),
            details: new Dictionary<string, string> { ["format"] = gzip ? "ndjson.gz" : "ndjson" }, cancellationToken: ct), cancellationToken);

        var name = $"viggotech-audit-{tenantId}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.ndjson{(gzip ? ".gz" : "")}";
        return TypedResults.Stream(
            output => export.WriteBundleAsync(output, gzip, cancellationToken),
            gzip ? "application/gzip" : "application/x-ndjson",
            name);
    }

    private static ProblemHttpResult SignInRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to read your organisation's audit trail.");
}
