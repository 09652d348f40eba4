using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Testing;
using Viggotech.Testing.KeyVault;
using Viggotech.Worker.Audit;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Tests;

/// <summary>
/// The platform database and a Key Vault (the emulator) with the Worker's audit and encryption
/// services registered as the Worker registers them. Jobs are run by the tests, one run at a time.
/// </summary>
public sealed class WorkerPlatformFixture : IAsyncLifetime
{
    public const string SigningKeySecret = "audit-signing-key";

    public TestKeyVault Vault { get; private set; } = null!;

    public PlatformTestDatabase Platform { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Vault = await TestKeyVault.StartAsync();
        Platform = await PlatformTestDatabase.StartAsync(app =>
        {
            app.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:keyvault"] = Vault.VaultUri.ToString(),
                ["KeyVault:Emulator"] = "true",
                ["Audit:SigningKeySecret"] = SigningKeySecret,
                // The test's webhook receiver listens on loopback over http.
                ["Audit:Webhooks:AllowPrivateNetworks"] = "true",
                ["Audit:Webhooks:RetryBaseDelay"] = "00:00:00.050",
                ["Audit:Webhooks:RetryMaxDelay"] = "00:00:00.200",
                ["Audit:Webhooks:Timeout"] = "00:00:05",
                ["Audit:Webhooks:BatchSize"] = "7",
            });
            app.AddPlatformKeyVault(Vault.Configure);
            app.AddAuditTrail();
            app.AddPlatformEncryption();
            app.AddAuditJobs();
            app.Services.AddScoped<Viggotech.Worker.Keys.KeyRotationScheduleJob>();
        });
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Vault.DisposeAsync();
    }

    /// <summary>A new tenant with its keys, as sign-up makes it.</summary>
    public async Task<Guid> NewTenantAsync()
    {
        var tenantId = await Platform.NewTenantAsync();
        await Platform.Services.GetRequiredService<TenantKeys>().CreateForTenantAsync(tenantId);
        return tenantId;
    }

    /// <summary>One run of a recurring job, in a fresh scope as the Worker's runner gives it.</summary>
    public async Task RunAsync<TJob>() where TJob : IRecurringJob
    {
        await using var scope = Platform.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TJob>().RunAsync(CancellationToken.None);
    }
}

[CollectionDefinition(Name)]
public sealed class WorkerPlatformCollection : ICollectionFixture<WorkerPlatformFixture>
{
    public const string Name = "Worker platform";
}
