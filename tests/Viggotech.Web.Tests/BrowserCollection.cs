using Viggotech.Testing.Browser;

namespace Viggotech.Web.Tests;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
