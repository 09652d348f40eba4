using System.Net.Http.Headers;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;

namespace Viggotech.Web.Workspace;

/// <summary>
/// Document bytes between the browser and the Api, passed through as streams with the user's token:
/// the upload page's script posts the file here (so it can show progress), and download links point here.
/// Neither direction holds a whole file in the portal's memory.
/// </summary>
public static class DocumentTransferEndpoints
{
    private static readonly string[] DownloadHeaders = ["Content-Disposition", "Cache-Control"];

    public static IEndpointRouteBuilder MapDocumentTransferEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/documents").RequireAuthorization().DisableAntiforgery();
        group.MapPost("/upload", UploadAsync);
        group.MapGet("/{id:guid}/download", DownloadAsync);
        return app;
    }

    private static async Task UploadAsync(HttpContext context, IAntiforgery antiforgery, DocumentTransferClient api, string? name)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            await Results.Problem(title: "The page expired", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        // The Api applies the organisation's limit; the portal must not cut the stream short first.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var content = new StreamContent(context.Request.Body, 64 * 1024);
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = context.Request.ContentLength;
        using var response = await api.SendAsync(HttpMethod.Post, $"/api/documents?name={Uri.EscapeDataString(name ?? "")}", content, context.RequestAborted);
        await RelayAsync(context, response, []);
    }

    private static async Task DownloadAsync(HttpContext context, DocumentTransferClient api, Guid id)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/documents/{id}/content", null, context.RequestAborted);
        await RelayAsync(context, response, DownloadHeaders);
    }

    private static async Task RelayAsync(HttpContext context, HttpResponseMessage response, string[] headers)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        context.Response.ContentLength = response.Content.Headers.ContentLength;
        foreach (var header in headers)
        {
            if (response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values))
            {
                context.Response.Headers[header] = values.ToArray();
            }
        }

        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
