using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.Core.Alerts;

namespace Microsoft.Extensions.Hosting;

public static class OperatorAlertsExtensions
{
    /// <summary>
    /// Mails every operator alert (failed restore tests, failed backups) to <c>Operators:AlertEmail</c>
    /// through the mail outbox (delivered by the Worker's <c>mail-outbox</c> job to <c>ConnectionStrings:mail</c>).
    /// Without an address configured, alerts are only recorded and logged.
    /// </summary>
    public static TBuilder AddOperatorAlertMail<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddPlatformMail();
        builder.Services.AddOptions<OperatorAlertMailOptions>().BindConfiguration(OperatorAlertMailOptions.Section);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IOperatorAlertNotifier, OperatorAlertMail>());
        return builder;
    }
}
