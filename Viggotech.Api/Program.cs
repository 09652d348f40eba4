using Viggotech.Api.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformData();
builder.AddAuditApi();
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

app.Run();
