using Microsoft.Extensions.Logging.Abstractions;
using Viggotech.Core.Data.Provisioning;

namespace Viggotech.Core.Tests.Provisioning;

/// <summary>Configurations the provisioner refuses before it connects anywhere.</summary>
public sealed class ProvisioningPlanTests
{
    private const string Admin = "Host=127.0.0.1;Username=postgres;Password=a";

    [Theory]
    [InlineData("Host=127.0.0.1;Username=same;Password=b;Database=viggotech", "Host=127.0.0.1;Username=same;Password=c;Database=viggotech", "three different user names")]
    [InlineData("Host=127.0.0.1;Username=postgres;Password=b;Database=viggotech", "Host=127.0.0.1;Username=app;Password=c;Database=viggotech", "three different user names")]
    [InlineData("Host=127.0.0.1;Username=owner;Password=b;Database=one", "Host=127.0.0.1;Username=app;Password=c;Database=two", "different databases")]
    [InlineData("Host=127.0.0.1;Username=owner;Password=b", "Host=127.0.0.1;Username=app;Password=c", "has no Database")]
    [InlineData("Host=127.0.0.1;Username=owner;Database=viggotech", "Host=127.0.0.1;Username=app;Password=c;Database=viggotech", "has no Password")]
    public async Task Unsafe_or_inconsistent_connection_strings_are_refused(string owner, string app, string reason)
    {
        var provisioner = new DatabaseProvisioner(new(Admin, owner, app), NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.ProvisionAsync());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_strings_never_print_their_passwords()
    {
        var connectionStrings = new ProvisioningConnectionStrings(Admin, "Password=secret-owner", "Password=secret-app");

        Assert.DoesNotContain("secret", connectionStrings.ToString(), StringComparison.Ordinal);
    }
}
