using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Viggotech.ServiceDefaults.Redaction;

public static class LogRedactionExtensions
{
    /// <summary>
    /// Turns on log redaction: any logging parameter classified personal, sensitive or secret is
    /// erased before it reaches a provider (console, OTLP, anything else).
    /// </summary>
    public static TBuilder AddLogRedaction<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(
                new DataClassificationSet(DataTaxonomy.Personal),
                new DataClassificationSet(DataTaxonomy.Sensitive),
                new DataClassificationSet(DataTaxonomy.Secret));
            redaction.SetFallbackRedactor<NullRedactor>();
        });
        return builder;
    }
}
