namespace Viggotech.Web.Api;

/// <summary>
/// The portal's download link for an export: relays the Api's single-use download with the user's
/// token, streaming the encrypted file through without keeping it.
/// </summary>
public static class ExportDownloadEndpoints
{
    public static IEndpointRouteBuilder MapExportDownloadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/organization/export/{id:guid}/download", async (Guid id, string? token, HttpContext context, PortalApi api) =>
        {
            var response = await api.OpenStreamAsync($"/api/exports/{id:D}/download?token={Uri.EscapeDataString(token ?? "")}");
            context.Response.RegisterForDispose(response);
            if (!response.IsSuccessStatusCode)
            {
                return Results.Problem(title: "This download link is not valid.",
                    detail: "A link works once, within 24 hours of the export being ready. Ask for a new export.", statusCode: StatusCodes.Status404NotFound);
            }

            return Results.Stream(await response.Content.ReadAsStreamAsync(), "application/octet-stream", $"viggotech-export-{id:D}.vgtexport");
        }).RequireAuthorization();
        return app;
    }
}
