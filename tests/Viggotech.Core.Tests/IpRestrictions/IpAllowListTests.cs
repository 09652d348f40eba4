using System.Net;
using Viggotech.Core.IpRestrictions;

namespace Viggotech.Core.Tests.IpRestrictions;

public sealed class IpAllowListTests
{
    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData(" 198.51.100.7 ", "198.51.100.7/32")]
    [InlineData("2001:db8::/48", "2001:db8::/48")]
    [InlineData("2001:DB8::1", "2001:db8::1/128")]
    [InlineData("::ffff:192.0.2.0/120", "192.0.2.0/24")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Ranges_are_read_in_canonical_form(string text, string canonical)
    {
        var (network, error) = CidrNotation.Parse(text);
        Assert.Null(error);
        Assert.Equal(canonical, network.ToString());
    }

    [Theory]
    [InlineData("10.0.0.1/8", "did you mean 10.0.0.0/8")]
    [InlineData("300.1.2.3", "not an IPv4 or IPv6")]
    [InlineData("10.0.0.0/33", "0 to 32")]
    [InlineData("2001:db8::/129", "0 to 128")]
    [InlineData("10.0.0.0/-1", "0 to 32")]
    [InlineData("fe80::1%2/128", "not an IPv4 or IPv6")]
    [InlineData("", "Enter an IPv4 or IPv6 range")]
    [InlineData("example.com", "not an IPv4 or IPv6")]
    public void Malformed_ranges_are_explained(string text, string explanation)
    {
        var (network, error) = CidrNotation.Parse(text);
        Assert.Null(network);
        Assert.Contains(explanation, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Enforce_blocks_outside_the_list_report_only_flags_and_off_allows()
    {
        var ranges = new[] { new AllowedRange(CidrNotation.Parse("203.0.113.0/24").Network!.Value, "Office"), new AllowedRange(CidrNotation.Parse("2001:db8::/48").Network!.Value, "VPN") };
        var inside = IPAddress.Parse("203.0.113.77");
        var outside = IPAddress.Parse("198.51.100.1");

        Assert.Equal(IpDecision.Allowed, new IpAllowList(IpRestrictionModes.Enforce, ranges).Decide(inside));
        Assert.Equal(IpDecision.Allowed, new IpAllowList(IpRestrictionModes.Enforce, ranges).Decide(IPAddress.Parse("2001:db8:0:ffff::1")));
        Assert.Equal(IpDecision.Blocked, new IpAllowList(IpRestrictionModes.Enforce, ranges).Decide(outside));
        Assert.Equal(IpDecision.Blocked, new IpAllowList(IpRestrictionModes.Enforce, ranges).Decide(null));
        Assert.Equal(IpDecision.WouldBlock, new IpAllowList(IpRestrictionModes.ReportOnly, ranges).Decide(outside));
        Assert.Equal(IpDecision.Allowed, new IpAllowList(IpRestrictionModes.Off, ranges).Decide(outside));
    }

    [Fact]
    public void An_ipv4_client_on_a_dual_stack_socket_matches_its_ipv4_range()
    {
        var list = new IpAllowList(IpRestrictionModes.Enforce, [new AllowedRange(CidrNotation.Parse("127.0.0.2").Network!.Value, "Test")]);
        Assert.Equal(IpDecision.Allowed, list.Decide(IPAddress.Parse("::ffff:127.0.0.2")));
        Assert.Equal("Test", list.Match(IPAddress.Parse("127.0.0.2"))?.Label);
        Assert.Equal(IpDecision.Blocked, list.Decide(IPAddress.Parse("127.0.0.3")));
    }
}
