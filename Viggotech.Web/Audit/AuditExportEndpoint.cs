using Microsoft.AspNetCore.Antiforgery;
using Viggotech.Web.Api;

namespace Viggotech.Web.Audit;

/// <summary>
/// The browser side of "Export": the page's script posts here and reads the answer as it arrives
/// to show progress; the portal streams the bundle from the Api with the user's token, never
/// holding it whole.
/// </summary>
public static class AuditExportEndpoint
{
    public const string Path = "/audit/export";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExportAsync).RequireAuthorization().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, IAntiforgery antiforgery, PortalApi api)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(title: "The page expired", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }

        var response = await api.OpenStreamAsync("/api/audit/export", context.RequestAborted);
        context.Response.RegisterForDispose(response);
        if (!response.IsSuccessStatusCode)
        {
            return Results.Problem(title: "The export was refused", statusCode: (int)response.StatusCode);
        }

        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? "viggotech-audit.ndjson";
        return Results.Stream(await response.Content.ReadAsStreamAsync(context.RequestAborted),
            response.Content.Headers.ContentType?.ToString() ?? "application/x-ndjson", name.Trim('"'));
    }
}
