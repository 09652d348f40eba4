using Viggotech.Worker.Audit;
using Viggotech.Worker.Jobs;
using Viggotech.Worker.Migrations;

if (args is [MigrateCommand.Name, .. var migrateArgs])
{
    return await MigrateCommand.RunAsync(migrateArgs);
}

var builder = Host.CreateApplicationBuilder(args);

builder.AddBasicServiceDefaults();
builder.AddPlatformData();
builder.AddPlatformKeyVault();
builder.AddAuditTrail();
builder.AddRecurringJobs();
builder.AddAuditJobs();

await builder.Build().RunAsync();
return 0;
