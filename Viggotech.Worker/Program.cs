var builder = Host.CreateApplicationBuilder(args);

builder.AddBasicServiceDefaults();

var host = builder.Build();
host.Run();
