using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;
using StackExchange.Redis;
using Viggotech.Core.Data;
using Viggotech.Core.Identity;
using Viggotech.ServiceDefaults.DataProtection;

namespace Viggotech.Api.Identity;

public static class IdentityExtensions
{
    public static IServiceCollection AddPlatformIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentityCore<User>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;
                // Length and strength come from the tenant's policy (PasswordPolicyValidator), not character classes.
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddPasswordValidator<PasswordPolicyValidator>();
        services.AddScoped<IUserStore<User>, EncryptedUserStore>();
        services.AddScoped<IPasskeyHandler<User>, PasskeyHandler<User>>();
        services.Configure<IdentityPasskeyOptions>(options =>
        {
            if (configuration["Identity:Issuer"] is { Length: > 0 } issuer)
            {
                options.ServerDomain = new Uri(issuer).Host;
            }

            var origins = (configuration["Passkeys:Origins"] ?? "")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(origin => origin.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
            // The Api's sign-in pages and the portal's sign-in methods page share one relying party.
            options.ValidateOrigin = context => ValueTask.FromResult(
                !context.CrossOrigin && (origins.Contains(context.Origin) || context.Origin == $"{context.HttpContext.Request.Scheme}://{context.HttpContext.Request.Host}"));
            options.UserVerificationRequirement = "required";
            options.ResidentKeyRequirement = "required";
        });

        services.AddScoped<SecurityPolicies>();
        services.AddScoped<SignInFlow>();
        services.AddScoped<SignInHistory>();
        services.AddScoped<AccountAudit>();
        services.AddScoped<AccountLinks>();
        services.AddScoped<PasswordChanges>();
        services.AddScoped<Totp>();
        services.AddScoped<RecoveryCodes>();
        services.AddScoped<OrganisationSignUp>();
        services.AddHttpContextAccessor();

        services.AddAuthentication(SignInSchemes.Default)
            .AddPolicyScheme(SignInSchemes.Default, "Bearer token or sign-in cookie", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                        : SignInSchemes.Session)
            .AddCookie(SignInSchemes.Session, options =>
            {
                options.Cookie.Name = "vt.api.session";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.HttpOnly = true;
                options.LoginPath = "/signin";
                options.ExpireTimeSpan = Sessions.SessionLimits.LongestAbsolute;
                options.SlidingExpiration = false;
                options.Events = new CookieAuthenticationEvents { OnValidatePrincipal = SessionCookieValidation.ValidateAsync };
            })
            .AddCookie(SignInSchemes.Pending, options =>
            {
                options.Cookie.Name = "vt.api.pending";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.HttpOnly = true;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                options.SlidingExpiration = false;
            });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "vt.api.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });

        // Keys in Redis, shared by every Api instance and kept across restarts, each sealed under a
        // key-encryption key in Key Vault before it is stored.
        services.AddDataProtection().SetApplicationName("viggotech-api")
            .ProtectKeysWithVaultSeal<KeyVaultXmlDecryptor>(KeyVaultKeySeal.Api);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "dataprotection:api"));
        return services;
    }
}
