using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Viggotech.ServiceDefaults.Security;

/// <summary>
/// The client's address is the connection's, unless the connection comes from a proxy named in
/// configuration (<c>ForwardedHeaders:KnownProxies</c>, <c>ForwardedHeaders:KnownNetworks</c>,
/// separated by <c>;</c>): only then does <c>X-Forwarded-For</c> count. The framework's default
/// trust of the whole loopback range is removed, so a header sent by anyone else changes nothing.
/// IP restrictions, rate limits, sessions and the audit trail all read the address this leaves.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Split(configuration["ForwardedHeaders:KnownProxies"]).Select(IPAddress.Parse).ToList();
        var networks = Split(configuration["ForwardedHeaders:KnownNetworks"]).Select(n => System.Net.IPNetwork.Parse(n)).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
            // One hop: the address the trusted proxy saw, never one further left that a client wrote itself.
            options.ForwardLimit = 1;
        });
        return services;
    }

    /// <summary>Call first, before anything reads the client's address.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(';', ',').Select(v => v.Trim()).Where(v => v.Length > 0);
}
