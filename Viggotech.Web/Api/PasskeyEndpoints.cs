using Microsoft.AspNetCore.Antiforgery;

namespace Viggotech.Web.Api;

/// <summary>
/// The browser side of adding a passkey: the page's script asks the portal for creation options
/// and posts the new credential back; the portal relays both to the Api with the user's token.
/// </summary>
public static class PasskeyEndpoints
{
    public static IEndpointRouteBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account/passkeys").RequireAuthorization().DisableAntiforgery();
        group.MapPost("/options", (HttpContext context, IAntiforgery antiforgery, PortalApi api) =>
            RelayAsync(context, antiforgery, () => api.PostRawAsync("/api/account/passkeys/creation-options", null)));
        group.MapPost("/", async (HttpContext context, IAntiforgery antiforgery, PortalApi api) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            return await RelayAsync(context, antiforgery, () => api.PostRawAsync("/api/account/passkeys", body));
        });
        return app;
    }

    private static async Task<IResult> RelayAsync(HttpContext context, IAntiforgery antiforgery, Func<Task<(System.Net.HttpStatusCode Status, string Body)>> call)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(title: "The page expired", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }

        var (status, body) = await call();
        return Results.Content(body, body.Length > 0 ? "application/json" : null, statusCode: (int)status);
    }
}
