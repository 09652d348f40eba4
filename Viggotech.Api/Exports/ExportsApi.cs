using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Viggotech.Api.Access;
using Viggotech.Core.Exports.Requests;
using Viggotech.Core.Identity;
using Viggotech.Core.Tenancy;

namespace Viggotech.Api.Exports;

/// <summary>
/// Self-service exports (docs/export-format.md): ask for one with a passphrase, follow its progress,
/// download it once with the token the request returned, within 24 hours of it being ready.
/// </summary>
public static class ExportsApi
{
    public static RouteGroupBuilder MapExportsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/exports").WithTags("Exports");
        api.MapPost("/", RequestAsync).WithName("RequestExport").RequirePermission(Permissions.DataExport);
        api.MapGet("/", ListAsync).WithName("Exports").RequirePermission(Permissions.DataExport);
        api.MapGet("/{id:guid}", GetAsync).WithName("Export").RequirePermission(Permissions.DataExport);
        api.MapGet("/{id:guid}/download", DownloadAsync).WithName("DownloadExport").RequirePermission(Permissions.DataExport);
        return api;
    }

    public static async Task<Results<Accepted<DataExportTicket>, ValidationProblem, ProblemHttpResult>> RequestAsync(ExportRequest request, ITenantContext tenant,
        ClaimsPrincipal user, DataExports exports, CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId || user.FindFirstValue("sub") is not { } userId)
        {
            return SignInRequired();
        }

        try
        {
            var ticket = await exports.RequestAsync(tenantId, userId, request.Passphrase, cancellationToken);
            return TypedResults.Accepted($"/api/exports/{ticket.Id:D}", ticket);
        }
        catch (DataExportValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary());
        }
        catch (DataExportRefusedException e)
        {
            return TypedResults.Problem(title: e.TooMany ? "Too many exports today." : "An export is already in progress.", detail: e.Message,
                statusCode: e.TooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status409Conflict);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<DataExportView>>, ProblemHttpResult>> ListAsync(ITenantContext tenant, DataExports exports, CancellationToken cancellationToken) =>
        tenant.TenantId is { } tenantId ? TypedResults.Ok(await exports.ListAsync(tenantId, cancellationToken)) : SignInRequired();

    public static async Task<Results<Ok<DataExportView>, ProblemHttpResult>> GetAsync(Guid id, ITenantContext tenant, DataExports exports,
        CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId)
        {
            return SignInRequired();
        }

        return await exports.GetAsync(tenantId, id, cancellationToken) is { } export
            ? TypedResults.Ok(export)
            : TypedResults.Problem(title: "No such export.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>The file, once: a second download, a wrong token, an expired or unfinished export all get 404.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, string? token, ITenantContext tenant,
        DataExports exports, CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId)
        {
            return SignInRequired();
        }

        return await exports.OpenDownloadAsync(tenantId, id, token, cancellationToken) is { } content
            ? TypedResults.Stream(content, "application/octet-stream", $"viggotech-export-{id:D}.vgtexport")
            : TypedResults.Problem(title: "This download link is not valid.",
                detail: "A link works once, within 24 hours of the export being ready. Ask for a new export.", statusCode: StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult SignInRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to export your organisation's data.");
}

/// <param name="Passphrase">Encrypts the export; it is not stored, and without it the file cannot be opened.</param>
public sealed record ExportRequest(string? Passphrase);
