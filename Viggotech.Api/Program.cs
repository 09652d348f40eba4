var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformData();
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

app.Run();
