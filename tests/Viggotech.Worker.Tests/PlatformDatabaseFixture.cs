using Viggotech.Testing;

namespace Viggotech.Worker.Tests;

/// <summary>One provisioned platform database for the run; tests keep apart by job names and containers of their own.</summary>
public sealed class PlatformDatabaseFixture : IAsyncLifetime
{
    public PlatformTestDatabase Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformTestDatabase.StartAsync();

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformDatabaseCollection : ICollectionFixture<PlatformDatabaseFixture>
{
    public const string Name = "Platform database";
}
