var builder = DistributedApplication.CreateBuilder(args);

var api = builder.AddProject<Projects.Viggotech_Api>("api");
builder.AddProject<Projects.Viggotech_Web>("web").WithReference(api).WaitFor(api);

builder.Build().Run();
