using Microsoft.Extensions.Hosting;
using Viggotech.Testing;

namespace Viggotech.Core.Tests;

/// <summary>One provisioned platform database for the whole run; tests keep apart by using fresh tenants.</summary>
public sealed class PlatformDatabaseFixture : IAsyncLifetime
{
    public PlatformTestDatabase Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformTestDatabase.StartAsync(app => app.AddAuditTrail());

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformDatabaseCollection : ICollectionFixture<PlatformDatabaseFixture>
{
    public const string Name = "Platform database";
}
