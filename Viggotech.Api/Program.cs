using Viggotech.Api.Status;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformData();
builder.AddPlatformStatus();
builder.AddRedisClient("redis");
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UsePlatformSecurityHeaders();
app.MapDefaultEndpoints();
app.MapStatusApi();

app.Run();
