using Microsoft.Extensions.Configuration;
using Viggotech.AppHost;
using Viggotech.AppHost.Local;
using Viggotech.AppHost.Local.Failover;

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    // Benchmarks and scripted runs start a second instance beside run mode, without a second dashboard.
    DisableDashboard = args.Contains("--Local:Dashboard=false"),
});

LocalContext local;
try
{
    local = LocalContext.Prepare(builder);
}
catch (PreflightException problem) when (!builder.Configuration.GetValue<bool>("Local:ThrowOnPreflightFailure"))
{
    Console.Error.WriteLine(problem.Message);
    return 2;
}

// Region A: primary database, sessions, storage. Region B: the synchronous standby and its storage account.
// After a DR drill the database roles swap; .local/pg/topology.json records which region is primary.
var postgres = builder.AddLocalPostgres(local);
var (pgPrimary, pgReplica) = (postgres.RegionA, postgres.RegionB);
var database = PlatformDatabase.Add(builder, local);
builder.AddDisasterRecoveryDrills(local, postgres, database);

var redis = builder.AddLocalRedis(local);

var storage = builder.AddLocalStorage(local);
var storageA = builder.AddStorageAccount(ResourceNames.ConnectionStrings.StorageRegionA, LocalStorage.RegionAAccount, local.Secrets.StorageRegionAKey, local);
var storageB = builder.AddStorageAccount(ResourceNames.ConnectionStrings.StorageRegionB, LocalStorage.RegionBAccount, local.Secrets.StorageRegionBKey, local);

var keyVault = builder.AddLocalKeyVault(local);
var mail = builder.AddLocalMail(local);

var migrations = builder.AddProject<Projects.Viggotech_Worker>(ResourceNames.Migrations, launchProfileName: null)
    .WithArgs("migrate")
    .WithLocalServerCertificate(local)
    .WithReference(database.Admin).WithReference(database.Owner).WithReference(database.App).WithReference(database.Restore)
    // It also creates the vault key that seals the portal's cookie keys: the portal only reads the vault.
    .WithKeyVaultReference(keyVault).WaitFor(keyVault)
    .WaitFor(pgPrimary).WaitFor(pgReplica);

// Who may use the portal's operator pages: emails of platform staff, e.g. `--Operators:Emails=ops@example.org`
// or the environment variable Operators__Emails. The migration step writes the list; services only read it.
if (builder.Configuration["Operators:Emails"] is { } operatorEmails)
{
    migrations.WithEnvironment("Operators__Emails", operatorEmails);
}

var api = builder.AddProject<Projects.Viggotech_Api>(ResourceNames.Api, launchProfileName: null)
    .WithLocalHttpEndpoints(local, local.Settings.Ports.ApiHttp, local.Settings.Ports.ApiHttps)
    .WithReference(database.App).WaitForCompletion(migrations)
    .WithReference(redis).WaitFor(redis)
    .WithReference(storageA).WithReference(storageB).WaitFor(storage)
    .WithKeyVaultReference(keyVault).WaitFor(keyVault)
    .WithReference(mail).WaitFor(mail)
    // Run mode: tenants may point audit webhooks at receivers on this machine (the Worker delivers to them).
    .WithEnvironment("Audit__Webhooks__AllowPrivateNetworks", "true");

// bench/authz.sh measures reads with and without the access checks; the Api honours this in Development only.
if (builder.Configuration["Benchmark:UncheckedReads"] is { } uncheckedReads)
{
    api.WithEnvironment("Benchmark__UncheckedReads", uncheckedReads);
}

var web = builder.AddProject<Projects.Viggotech_Web>(ResourceNames.Web, launchProfileName: null)
    .WithLocalHttpEndpoints(local, local.Settings.Ports.WebHttp, local.Settings.Ports.WebHttps)
    .WithReference(api).WaitFor(api)
    .WithReference(redis).WaitFor(redis)
    // The portal's cookie keys are sealed under a vault key (Viggotech.Web/SignIn/PortalKeyRing.cs).
    .WithKeyVaultReference(keyVault).WaitFor(keyVault)
    .WaitForCompletion(migrations);

// The portal is a confidential client of the Api's authorization server.
api.WithIdentityProvider(web, local.Secrets.PortalClientSecret);
web.WithIdentityClientOf(api, local.Secrets.PortalClientSecret);

// Jobs (replication, status probes, ...); its probes reach every other component.
var worker = builder.AddProject<Projects.Viggotech_Worker>(ResourceNames.Worker, launchProfileName: null)
    .WithLocalServerCertificate(local)
    // Run mode: audit webhooks may reach receivers on this machine and the local network.
    .WithEnvironment("Audit__Webhooks__AllowPrivateNetworks", "true")
    .WithReference(database.App).WithReference(database.Restore).WaitForCompletion(migrations)
    .WithReference(storageA).WithReference(storageB).WaitFor(storage)
    .WithKeyVaultReference(keyVault).WaitFor(keyVault)
    .WithReference(mail).WaitFor(mail)
    .WithReference(redis)
    // Waits for them only so that its first status probes do not record a platform still starting as an outage.
    .WithReference(api).WaitFor(api).WithReference(web).WaitFor(web);

// Job settings given to the AppHost (e.g. --Jobs:key-reencryption:Interval=00:00:02 from the test
// platform, so tests do not wait out production intervals) reach the Worker unchanged.
foreach (var (key, value) in builder.Configuration.GetSection("Jobs").AsEnumerable(makePathsRelative: false))
{
    if (value is not null)
    {
        worker.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
    }
}

builder.Build().Run();
return 0;
