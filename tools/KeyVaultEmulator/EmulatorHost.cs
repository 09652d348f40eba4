using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viggotech.KeyVaultEmulator.Authentication;
using Viggotech.KeyVaultEmulator.DeletedSecrets;
using Viggotech.KeyVaultEmulator.Errors;
using Viggotech.KeyVaultEmulator.Secrets;
using Viggotech.KeyVaultEmulator.Storage;
using Viggotech.KeyVaultEmulator.Tls;

namespace Viggotech.KeyVaultEmulator;

/// <summary>Builds the emulator application; the same wiring runs from the command line and in tests.</summary>
public static class EmulatorHost
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
        });
        builder.AddBasicServiceDefaults();

        var section = builder.Configuration.GetSection(EmulatorOptions.Section);
        var options = section.Get<EmulatorOptions>() ?? new EmulatorOptions();
        if (options.RetentionDays is < 7 or > 90)
        {
            throw new InvalidOperationException("KeyVault:RetentionDays must be between 7 and 90, as in Azure Key Vault.");
        }

        var data = DataFolder.Resolve(builder.Environment.ContentRootPath, options.DataPath);
        builder.UseHttpsOnly(data);

        builder.Services.Configure<EmulatorOptions>(section);
        builder.Services.AddSingleton(data);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SecretFiles>();
        builder.Services.AddSingleton<SecretVault>();
        if (options.PurgeExpiredDeletedSecrets)
        {
            builder.Services.AddHostedService<ExpiredSecretPurge>();
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<KeyVaultErrorHandler>();
        // Binding failures must reach the exception handler to be answered in Key Vault's shape.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);

        var app = builder.Build();
        // Loaded now so that an unreadable or locked data folder stops the start, not a request.
        app.Services.GetRequiredService<SecretVault>();

        app.UseExceptionHandler();
        app.UseMiddleware<BearerChallenge>();
        app.MapDefaultEndpoints();
        app.MapSecretsApi();
        app.MapDeletedSecretsApi();
        return app;
    }
}
