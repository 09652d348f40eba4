using Viggotech.Api.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformData();
builder.AddAuditApi();
builder.AddRedisClient("redis");
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UsePlatformSecurityHeaders();
app.MapDefaultEndpoints();
app.MapAuditApi();

app.Run();
