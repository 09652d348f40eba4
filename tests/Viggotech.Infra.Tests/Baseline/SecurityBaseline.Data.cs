namespace Viggotech.Infra.Tests.Baseline;

public sealed partial class SecurityBaseline
{
    /// <summary>Redis only over TLS 1.2 or newer, and only with Entra ID (no access keys).</summary>
    public IEnumerable<string> Redis()
    {
        var managed = Of("Microsoft.Cache/redisEnterprise");
        var classic = Of("Microsoft.Cache/redis");
        if (managed.Count + classic.Count == 0)
        {
            yield return "redis: no cache is deployed";
        }

        foreach (var cache in managed.Concat(classic))
        {
            if (Text(cache.Properties?["minimumTlsVersion"]) is not ("1.2" or "1.3"))
            {
                yield return $"{cache}: minimumTlsVersion is {Show(cache.Properties?["minimumTlsVersion"])}, not 1.2";
            }
        }

        foreach (var cache in classic)
        {
            if (Flag(cache.Properties?["enableNonSslPort"]) == true)
            {
                yield return $"{cache}: the non-TLS port is enabled";
            }

            if (Flag(cache.Properties?["disableAccessKeyAuthentication"]) != true)
            {
                yield return $"{cache}: access keys are enabled";
            }
        }

        foreach (var database in Of("Microsoft.Cache/redisEnterprise/databases"))
        {
            if (Text(database.Properties?["clientProtocol"]) != "Encrypted")
            {
                yield return $"{database}: clientProtocol is {Show(database.Properties?["clientProtocol"])}, not Encrypted";
            }

            if (Text(database.Properties?["accessKeysAuthentication"]) != "Disabled")
            {
                yield return $"{database}: access keys are enabled";
            }
        }
    }

    /// <summary>Every Postgres server requires TLS 1.2 or newer; the primary accepts Entra ID tokens only.</summary>
    public IEnumerable<string> Postgres()
    {
        var servers = Of("Microsoft.DBforPostgreSQL/flexibleServers");
        if (servers.Count == 0)
        {
            yield return "postgres: no server is deployed";
        }

        foreach (var server in servers)
        {
            var settings = Of("Microsoft.DBforPostgreSQL/flexibleServers/configurations")
                .Where(c => c.Path.StartsWith(server.Module + "/", StringComparison.Ordinal))
                .ToDictionary(ChildName, c => Text(c.Properties?["value"]));

            if (settings.GetValueOrDefault("ssl_min_protocol_version") is not ("TLSv1.2" or "TLSv1.3"))
            {
                yield return $"{server}: ssl_min_protocol_version is {settings.GetValueOrDefault("ssl_min_protocol_version") ?? "not set"}, not TLSv1.2";
            }

            if (!string.Equals(settings.GetValueOrDefault("require_secure_transport"), "on", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{server}: require_secure_transport is not on";
            }

            if (Text(server.Properties?["createMode"]) != "Replica")
            {
                var auth = server.Properties?["authConfig"];
                if (Text(auth?["passwordAuth"]) != "Disabled" || Text(auth?["activeDirectoryAuth"]) != "Enabled")
                {
                    yield return $"{server}: must accept Entra ID tokens only (passwordAuth Disabled, activeDirectoryAuth Enabled)";
                }
            }
        }
    }

    /// <summary>The primary is zone-redundant in the primary region; one read replica of it lives in the secondary region.</summary>
    public IEnumerable<string> PostgresReplica()
    {
        var servers = Of("Microsoft.DBforPostgreSQL/flexibleServers");
        var replicas = servers.Where(s => Text(s.Properties?["createMode"]) == "Replica").ToArray();
        var primaries = servers.Except(replicas).ToArray();

        if (primaries.Length != 1 || replicas.Length != 1)
        {
            yield return $"postgres: expected one primary and one replica, found {primaries.Length} and {replicas.Length}";
            yield break;
        }

        var (primary, replica) = (primaries[0], replicas[0]);
        if (primary.Location != PrimaryLocation)
        {
            yield return $"{primary}: the primary is in {primary.Location}, not the primary region";
        }

        if (Text(primary.Properties?["highAvailability"]?["mode"]) != "ZoneRedundant")
        {
            yield return $"{primary}: high availability is {Show(primary.Properties?["highAvailability"]?["mode"])}, not ZoneRedundant";
        }

        if (replica.Location != SecondaryLocation)
        {
            yield return $"{replica}: the replica is in {replica.Location}, not the secondary region";
        }

        if (string.IsNullOrEmpty(Text(replica.Properties?["sourceServerResourceId"])))
        {
            yield return $"{replica}: the replica names no source server";
        }
    }
}
