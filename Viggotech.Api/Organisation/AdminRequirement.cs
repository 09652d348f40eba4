namespace Viggotech.Api.Organisation;

/// <summary>Organisation settings are for owners and admins until the permission catalogue replaces roles.</summary>
public static class AdminRequirement
{
    public const string Policy = "tenant-admin";
}
