using Microsoft.AspNetCore.Authorization;
using OpenIddict.Validation.AspNetCore;
using Viggotech.Api.Access;
using Viggotech.Api.Account;
using Viggotech.Api.AccountActivity;
using Viggotech.Api.Alerts;
using Viggotech.Api.Audit;
using Viggotech.Api.Authorization;
using Viggotech.Api.Backups;
using Viggotech.Api.Exports;
using Viggotech.Api.Documents;
using Viggotech.Api.Identity;
using Viggotech.Api.IpRestrictions;
using Viggotech.Api.Keys;
using Viggotech.Api.Mail;
using Viggotech.Api.Operations;
using Viggotech.Api.Organisation;
using Viggotech.Api.People;
using Viggotech.Api.Roles;
using Viggotech.Api.Sessions;
using Viggotech.Api.Status;
using Viggotech.Core.Alerts;
using Viggotech.Api.Workspace;
using Viggotech.Core.Identity;
using Viggotech.Core.IpRestrictions;
using Viggotech.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformData();
builder.AddAuditApi();
builder.AddPlatformStatus();
builder.AddPlatformKeyVault();
builder.AddPlatformEncryption();
builder.AddPeople();
builder.AddDocuments();
builder.AddBackups();
builder.AddDataExports();
builder.AddRedisClient("redis");
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<WorkspaceProblemHandler>();
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddPlatformIdentity(builder.Configuration);
builder.Services.AddAuthorizationServer(builder.Configuration);
builder.Services.AddSessions();
builder.Services.AddScoped<SignOutEverywhere>();
builder.Services.AddScoped<PasskeySignIn>();
builder.Services.AddScoped<AuthenticatorEnrolment>();
builder.Services.AddScoped<PendingAuthenticatorSecrets>();
builder.Services.AddMail();
builder.Services.AddSignInRateLimits(builder.Configuration);
builder.Services.AddRazorPages();
builder.Services.AddSingleton<IAuthorizationHandler, ActiveSessionHandler>();
builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, SessionEndedResultHandler>();
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(ActiveSessionRequirement.Policy, policy => policy
        .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .AddRequirements(new ActiveSessionRequirement()))
    .AddPolicy(Viggotech.Api.Operations.OperatorRequirement.Policy, policy => policy
        .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .AddRequirements(new ActiveSessionRequirement(), new Viggotech.Api.Operations.OperatorRequirement()))
    ;
builder.Services.AddScoped<IAuthorizationHandler, Viggotech.Api.Operations.OperatorHandler>();
builder.Services.AddPermissions();
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddIpRestrictions();
builder.Services.AddSingleton<AllowListChanges>();
builder.Services.AddHostedService(services => services.GetRequiredService<AllowListChanges>());
builder.Services.AddScoped<ISecurityAlertNotifier, SecurityAlertMail>();
builder.Services.AddScoped<SignInMonitor>();

var app = builder.Build();

app.UseTrustedProxies();
app.UseExceptionHandler();
app.UseStatusCodePages();
// The sign-in pages post to themselves and then redirect to the portal's callback, and browsers
// check form-action on that redirect too: the portal's origins must be allowed.
app.UsePlatformSecurityHeaders(formActionOrigins: PortalOrigins(builder.Configuration));
app.UseRateLimiter();
// Public by design: stylesheets and scripts, the sign-in pages, the OAuth endpoints and health.
// (Reloading static assets at runtime is off in appsettings: its catch-all route would bypass this declaration.)
app.MapStaticAssets().AllowAnonymous();
app.UseAuthentication();
app.UseIpRestrictions();
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseTenantFromPrincipal());
app.UseAuthorization();
app.UseAntiforgery();

app.MapRazorPages().AllowAnonymous();
app.MapAuthorizationEndpoints();
app.MapAccountApi();
app.MapSessionsApis();
app.MapSecurityPolicyApi();
app.MapInvitationsApi();
app.MapRolesApi();
app.MapUsersApi();
app.MapUncheckedBenchmarkRoutes();
app.MapDefaultEndpoints();
app.MapAuditApi();
app.MapBackupsApi();
app.MapExportsApi();
app.MapStatusApi();
app.MapIpRestrictionsApi();
app.MapSecurityAlertsApi();
app.MapActivityApi();
app.MapPeopleApi();
app.MapDocumentsApi();
app.MapKeysApi();
app.MapOperationsApi();

app.Run();

static string[] PortalOrigins(IConfiguration configuration) =>
    (configuration["Portal:RedirectUris"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(uri => new Uri(uri).GetLeftPart(UriPartial.Authority)).Distinct().ToArray();
