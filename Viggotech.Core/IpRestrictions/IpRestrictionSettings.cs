using Viggotech.Core.Tenancy;

namespace Viggotech.Core.IpRestrictions;

/// <summary>Whether a tenant's allow list is off, only reported, or enforced. A tenant without a row has it off.</summary>
public sealed class IpRestrictionSettings : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>One of <see cref="IpRestrictionModes"/>.</summary>
    public string Mode { get; set; } = IpRestrictionModes.Off;

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class IpRestrictionModes
{
    public const string Off = "off";

    /// <summary>Addresses outside the list are let through and recorded as would-be blocks, so admins can test a list before enforcing it.</summary>
    public const string ReportOnly = "report-only";

    public const string Enforce = "enforce";

    public static readonly IReadOnlyList<string> All = [Off, ReportOnly, Enforce];
}
