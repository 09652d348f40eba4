var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Content("<!doctype html><title>Viggotech</title><h1>Viggotech</h1>", "text/html"));

app.Run();
