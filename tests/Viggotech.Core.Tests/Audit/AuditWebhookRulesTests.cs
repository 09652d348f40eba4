using System.Net;
using System.Text;
using Viggotech.Core.Audit.Webhooks;

namespace Viggotech.Core.Tests.Audit;

public sealed class AuditWebhookRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Internal_addresses_are_not_public(string address) =>
        Assert.False(WebhookAddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void Internet_addresses_are_public(string address) =>
        Assert.True(WebhookAddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://siem.example.com/hook")]
    [InlineData("https://user:pass@siem.example.com/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("siem.example.com/hook")]
    [InlineData("")]
    public void Webhook_urls_must_be_public_https_without_credentials(string url) =>
        Assert.NotNull(WebhookAddressRules.CheckUrl(url, allowPrivateNetworks: false));

    [Fact]
    public void A_signature_verifies_for_its_body_and_time_and_for_nothing_else()
    {
        var body = Encoding.UTF8.GetBytes("{\"events\":[]}");
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var header = AuditWebhookSignature.Create("secret", now.ToUnixTimeSeconds(), body);

        Assert.Matches("^t=1800000000,v1=[0-9a-f]{64}$", header);
        Assert.True(AuditWebhookSignature.Verify("secret", header, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(AuditWebhookSignature.Verify("other", header, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(AuditWebhookSignature.Verify("secret", header, Encoding.UTF8.GetBytes("{\"events\":[1]}"), now, TimeSpan.FromMinutes(5)));
        Assert.False(AuditWebhookSignature.Verify("secret", header, body, now.AddMinutes(10), TimeSpan.FromMinutes(5)));
        Assert.False(AuditWebhookSignature.Verify("secret", header.Replace("t=1800000000", "t=1800000001", StringComparison.Ordinal), body, now, TimeSpan.FromMinutes(5)));
    }
}
