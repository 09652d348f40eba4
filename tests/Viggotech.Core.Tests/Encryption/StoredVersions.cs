using Viggotech.Testing;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>What the database says about which key versions a tenant's data is under, read past the app (as the superuser).</summary>
internal static class StoredVersions
{
    private static readonly string[] PeopleColumns = ["name", "email", "phone", "date_of_birth", "address", "notes"];

    /// <summary>Distinct key versions named by the tenant's encrypted people fields, document names and document blobs.</summary>
    public static async Task<int[]> OfTenantAsync(PlatformTestDatabase platform, Guid tenantId)
    {
        var fields = string.Join(" union ", PeopleColumns.Select(c =>
            $"select ('x' || encode(substring({c} from 2 for 4), 'hex'))::bit(32)::int as v from people where tenant_id = $1 and {c} is not null"));
        await using var admin = await platform.OpenAdminConnectionAsync();
        return [.. (await admin.ListAsync<int>(
            $"select distinct v from ({fields} union select ('x' || encode(substring(name from 2 for 4), 'hex'))::bit(32)::int from documents where tenant_id = $1 " +
            "union select key_version from documents where tenant_id = $1) versions order by v", tenantId))];
    }

    public static async Task<Dictionary<int, string>> KeyStatusesAsync(PlatformTestDatabase platform, Guid tenantId)
    {
        await using var admin = await platform.OpenAdminConnectionAsync();
        var rows = await admin.ListAsync<string>("select version || ':' || status from tenant_data_keys where tenant_id = $1 order by version", tenantId);
        return rows.Select(r => r.Split(':')).ToDictionary(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r => r[1]);
    }
}
