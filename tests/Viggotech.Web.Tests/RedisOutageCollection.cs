using Viggotech.Testing.Browser;

namespace Viggotech.Web.Tests;

/// <summary>
/// A platform of its own for tests that stop Redis: no other test shares it, and the collection runs
/// alone after the others so two platforms never compete for the machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisOutageCollection : ICollectionFixture<RedisOutagePlatform>
{
    public const string Name = "redis-outage";
}

/// <summary>The same fixture type under its own name, so xunit gives this collection a separate instance.</summary>
public sealed class RedisOutagePlatform : BrowserFixture;
