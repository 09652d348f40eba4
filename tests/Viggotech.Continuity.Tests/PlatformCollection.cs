using Viggotech.Testing.Platform;

namespace Viggotech.Continuity.Tests;

/// <summary>
/// A platform of its own: these tests fail the database over between regions, which no other
/// test project's platform should live through.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform for failover";
}
