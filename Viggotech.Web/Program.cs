using Viggotech.Web.Components;
using Viggotech.Web.Status;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddHttpClient<PlatformStatusClient>(client => client.BaseAddress = new Uri("https+http://api"));

var app = builder.Build();

app.UseExceptionHandler("/error", createScopeForErrors: true);
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UsePlatformSecurityHeaders();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
app.MapDefaultEndpoints();

app.Run();
