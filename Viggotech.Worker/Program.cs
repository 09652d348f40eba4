using Viggotech.Worker.Audit;
using Viggotech.Worker.Backups;
using Viggotech.Worker.Documents;
using Viggotech.Worker.Jobs;
using Viggotech.Worker.Keys;
using Viggotech.Worker.Mail;
using Viggotech.Worker.Maintenance;
using Viggotech.Worker.Migrations;
using Viggotech.Worker.People;
using Viggotech.Worker.Replication;
using Viggotech.Worker.Status;

if (args is [MigrateCommand.Name, .. var migrateArgs])
{
    return await MigrateCommand.RunAsync(migrateArgs);
}

if (args is [RestoreCommand.Name, .. var restoreArgs])
{
    return await RestoreCommand.RunAsync(restoreArgs);
}

if (args is [SandboxRestoreCommand.Name, .. var sandboxArgs])
{
    return await SandboxRestoreCommand.RunAsync(sandboxArgs);
}

var builder = Host.CreateApplicationBuilder(args);

builder.AddBasicServiceDefaults();
builder.AddPlatformData();
builder.AddPlatformKeyVault();
builder.AddAuditTrail();
builder.AddPlatformEncryption();
builder.AddPeople();
builder.AddDocuments();
builder.AddRecurringJobs();
builder.AddAuditJobs();
builder.Services.AddRecurringJob<HistoryPruneJob>(HistoryPruneJob.Name, TimeSpan.FromHours(1));
builder.AddBlobReplication();
builder.AddStatusProbes();
builder.AddBackupJobs();
builder.AddOperatorAlertMailDelivery();

var jobs = builder.Configuration.GetSection("Jobs");
builder.Services.AddRecurringJob<KeyReencryptionJob>(KeyReencryptionJob.Name,
    jobs.GetValue($"{KeyReencryptionJob.Name}:Interval", TimeSpan.FromSeconds(30)));
builder.Services.AddRecurringJob<KeyRotationScheduleJob>(KeyRotationScheduleJob.Name,
    jobs.GetValue($"{KeyRotationScheduleJob.Name}:Interval", TimeSpan.FromHours(1)));
builder.Services.AddRecurringJob<BlobDeletionJob>(BlobDeletionJob.Name,
    jobs.GetValue($"{BlobDeletionJob.Name}:Interval", TimeSpan.FromMinutes(5)));
builder.Services.AddRecurringJob<NameTokenBackfillJob>(NameTokenBackfillJob.Name,
    jobs.GetValue($"{NameTokenBackfillJob.Name}:Interval", TimeSpan.FromMinutes(30)));

await builder.Build().RunAsync();
return 0;
