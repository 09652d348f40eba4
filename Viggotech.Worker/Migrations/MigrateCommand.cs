using System.Runtime.InteropServices;
using Azure.Security.KeyVault.Secrets;
using Viggotech.Core.Data.Provisioning;
using Viggotech.ServiceDefaults.DataProtection;
using Viggotech.ServiceDefaults.KeyVault;

namespace Viggotech.Worker.Migrations;

/// <summary>
/// <c>Viggotech.Worker migrate</c>: provisions the roles and the database and applies the
/// migrations as the owner role; with the vault configured (<c>ConnectionStrings:keyvault</c>) it
/// also creates the vault keys the portal needs but may not create itself (the portal only reads
/// vault secrets). Then it exits; the services start only after it succeeded.
/// Exit code 0 on success, 1 with a single line on standard error otherwise.
/// </summary>
internal static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);

        try
        {
            var builder = Host.CreateApplicationBuilder(args);
            builder.AddBasicServiceDefaults();
            builder.AddDatabaseProvisioning();
            var vault = builder.Configuration.GetConnectionString(PlatformKeyVault.ConnectionName) is not null;
            if (vault)
            {
                builder.AddPlatformKeyVault();
            }

            using var host = builder.Build();
            await host.Services.GetRequiredService<DatabaseProvisioner>().ProvisionAsync(cancellation.Token);
            if (vault)
            {
                await KeyVaultKeySeal.Portal.EnsureSecretAsync(host.Services.GetRequiredService<SecretClient>(), cancellation.Token);
            }

            return 0;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"migrate failed: {OneLine(e)}");
            return 1;
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }
    }

    // The operator sees this line in the dashboard: the whole cause chain, without stack traces.
    private static string OneLine(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var message = e.Message.ReplaceLineEndings(" ").Trim();
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }
}
