using Viggotech.Web.Access;
using Viggotech.Web.Api;
using Viggotech.Web.Audit;
using Viggotech.Web.Components;
using Viggotech.Web.SignIn;
using Viggotech.Web.Status;
using Viggotech.ServiceDefaults.Security;
using Viggotech.Web.Workspace;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddPlatformKeyVault();
builder.Services.AddRazorComponents();
builder.Services.AddHttpContextAccessor();
builder.Services.AddPortalSignIn(builder.Configuration);
builder.Services.AddAuthorization();
builder.Services.AddPortalPermissions();
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddHttpClient<PortalApi>(client => client.BaseAddress = new Uri("https+http://api"));
builder.Services.AddHttpClient<PlatformStatusClient>(client => client.BaseAddress = new Uri("https+http://api"));
#pragma warning disable EXTEXP0001 // Removing the resilience handlers is marked experimental; large streamed bodies must not be retried or cut off.
builder.Services.AddHttpClient<DocumentTransferClient>(client =>
{
    client.BaseAddress = new Uri("https+http://api");
    client.Timeout = Timeout.InfiniteTimeSpan;
}).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

var app = builder.Build();

app.UseTrustedProxies();
app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseSessionStoreFailurePage();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

// Signing out posts here and is redirected to the Api's end-session endpoint.
app.UsePlatformSecurityHeaders(formActionOrigins: builder.Configuration["Identity:Authority"] is { Length: > 0 } authority
    ? [new Uri(authority).GetLeftPart(UriPartial.Authority)]
    : []);
app.MapStaticAssets();
app.UseAuthentication();
app.UsePortalSessionCheck();
app.UsePortalIpGate();
app.UseAuthorization();
app.UseAntiforgery();

app.MapPortalSignIn();
app.MapPasskeyEndpoints();
app.MapDocumentTransferEndpoints();
app.MapAuditExport();
app.MapExportDownloadEndpoints();
app.MapRazorComponents<App>();
app.MapDefaultEndpoints();

app.Run();
