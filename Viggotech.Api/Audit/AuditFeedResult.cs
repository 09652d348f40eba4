using Viggotech.Core.Audit.Export;

namespace Viggotech.Api.Audit;

/// <summary>Writes a feed page straight to the response, each event as its stored canonical JSON.</summary>
public sealed class AuditFeedResult(AuditFeedPage page) : IResult
{
    public AuditFeedPage Page { get; } = page;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = AuditFeedPage.ContentType;
        return Page.WriteJsonAsync(httpContext.Response.Body, httpContext.RequestAborted);
    }
}
