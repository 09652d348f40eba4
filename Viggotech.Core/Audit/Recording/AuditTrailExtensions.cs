using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Export;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Audit.Retention;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Webhooks;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Tenancy;

namespace Microsoft.Extensions.Hosting;

public static class AuditTrailExtensions
{
    /// <summary>
    /// Registers the audit trail's data side, scoped on the scope's platform context and tenant:
    /// <see cref="IAuditTrail"/> to record and <see cref="AuditExport"/> to export.
    /// The origin of events is the platform unless the host registered its own
    /// <see cref="IAuditOriginAccessor"/> (the Api does, from the request) before or after this call.
    /// </summary>
    public static TBuilder AddAuditTrail<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<IAuditOriginAccessor, PlatformAuditOrigin>();
        builder.Services.TryAddScoped<IAuditTrail, AuditTrail>();
        builder.Services.TryAddScoped<AuditExport>();
        builder.Services.TryAddScoped<AuditEventFeed>();
        builder.Services.TryAddScoped<Viggotech.Core.Audit.Viewer.AuditSearch>();
        builder.Services.TryAddScoped<AuditRetention>();
        builder.Services.TryAddScoped<TenantAuditSealer>();
        builder.Services.TryAddScoped<TenantAuditPruner>();
        builder.Services.TryAddScoped<AuditWebhooks>();
        builder.Services.TryAddScoped<TenantWebhookDelivery>();
        builder.Services.TryAddSingleton<AuditWebhookClient>();
        builder.Services.AddEncryptedTable(AuditWebhookTable.Descriptor);
        builder.Services.TryAddSingleton<TenantSweep>();
        // Key operations and integrity failures land in the tenant's trail, whichever of this and
        // AddPlatformEncryption comes first.
        builder.Services.TryAddSingleton<LoggingKeyEventSink>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IKeyEventSink, AuditKeyEventSink>());
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        return builder;
    }
}
