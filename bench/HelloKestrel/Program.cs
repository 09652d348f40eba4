// The baseline for HTTP benchmarks: bare Kestrel answering the same path with the same body as the
// Api's health endpoint, with no middleware, logging or telemetry.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/health", () => "Healthy");
app.Run();
