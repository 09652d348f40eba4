using System.Net;

namespace Viggotech.Core.IpRestrictions;

/// <summary>A tenant's allow list as the request path checks it: the mode and the parsed ranges.</summary>
public sealed record IpAllowList(string Mode, IReadOnlyList<AllowedRange> Ranges)
{
    public static readonly IpAllowList Open = new(IpRestrictionModes.Off, []);

    public IpDecision Decide(IPAddress? client)
    {
        if (Mode == IpRestrictionModes.Off)
        {
            return IpDecision.Allowed;
        }

        var outside = Match(client) is null;
        return !outside ? IpDecision.Allowed
            : Mode == IpRestrictionModes.Enforce ? IpDecision.Blocked
            : IpDecision.WouldBlock;
    }

    /// <summary>The first range that holds <paramref name="client"/>; an unknown address is in none.</summary>
    public AllowedRange? Match(IPAddress? client)
    {
        if (client is null)
        {
            return null;
        }

        var address = CidrNotation.Normalize(client);
        return Ranges.FirstOrDefault(r => r.Network.Contains(address));
    }
}

public sealed record AllowedRange(IPNetwork Network, string Label);

public enum IpDecision
{
    Allowed,

    /// <summary>Outside the list in report-only mode: let through and recorded.</summary>
    WouldBlock,

    Blocked,
}
