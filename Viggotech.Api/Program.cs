using Viggotech.Api.Audit;
using Viggotech.Api.Status;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformData();
builder.AddAuditApi();
builder.AddPlatformStatus();
builder.AddPlatformKeyVault();
builder.AddPlatformEncryption();
builder.AddPeople();
builder.AddDocuments();
builder.AddRedisClient("redis");
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UsePlatformSecurityHeaders();
app.MapDefaultEndpoints();
app.MapAuditApi();
app.MapStatusApi();

app.Run();
