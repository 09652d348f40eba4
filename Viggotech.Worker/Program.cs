using Viggotech.Worker.Jobs;
using Viggotech.Worker.Maintenance;
using Viggotech.Worker.Migrations;
using Viggotech.Worker.Replication;
using Viggotech.Worker.Status;

if (args is [MigrateCommand.Name, .. var migrateArgs])
{
    return await MigrateCommand.RunAsync(migrateArgs);
}

var builder = Host.CreateApplicationBuilder(args);

builder.AddBasicServiceDefaults();
builder.AddPlatformData();
builder.AddRecurringJobs();
builder.Services.AddRecurringJob<HistoryPruneJob>(HistoryPruneJob.Name, TimeSpan.FromHours(1));
builder.AddBlobReplication();
builder.AddStatusProbes();

await builder.Build().RunAsync();
return 0;
