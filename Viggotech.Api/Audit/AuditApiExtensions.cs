using Viggotech.Core.Audit.Recording;

namespace Viggotech.Api.Audit;

public static class AuditApiExtensions
{
    /// <summary>The audit trail's services, with events recorded in requests attributed to the request's principal and client.</summary>
    public static TBuilder AddAuditApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IAuditOriginAccessor, HttpAuditOrigin>();
        builder.AddAuditTrail();
        return builder;
    }
}
