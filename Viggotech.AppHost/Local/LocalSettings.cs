using Microsoft.Extensions.Configuration;

namespace Viggotech.AppHost.Local;

/// <summary>
/// Where run mode keeps its state and which ports it binds. Defaults give stable URLs for people;
/// tests override every value (section <c>Local</c>) so they never touch a developer's data or ports.
/// </summary>
public sealed record LocalSettings(string DataPath, LocalPorts Ports, string RepositoryRoot)
{
    public string PostgresRoot => Path.Combine(DataPath, "pg");
    public string PostgresSockets => Path.Combine(PostgresRoot, "run");
    public string PostgresPrimaryData => Path.Combine(PostgresRoot, "primary");
    public string PostgresReplicaData => Path.Combine(PostgresRoot, "replica");
    public string RedisData => Path.Combine(DataPath, "redis");
    public string AzuriteData => Path.Combine(DataPath, "azurite");
    public string KeyVaultData => Path.Combine(DataPath, "keyvault");
    public string MailData => Path.Combine(DataPath, "mail");
    public string PkiData => Path.Combine(DataPath, "pki");

    public static LocalSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var repositoryRoot = FindRepositoryRoot(appHostDirectory);
        var section = configuration.GetSection("Local");
        var dataPath = section["DataPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, repositoryRoot)
            : Path.Combine(repositoryRoot, ".local");
        var ports = new LocalPorts();
        section.GetSection("Ports").Bind(ports);
        return new LocalSettings(dataPath, ports, repositoryRoot);
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Viggotech.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Viggotech.sln was not found above {start}.");
    }
}

public sealed class LocalPorts
{
    public int PostgresPrimary { get; set; } = 55432;
    public int PostgresReplica { get; set; } = 55433;
    public int Redis { get; set; } = 56379;
    public int Storage { get; set; } = 10000;
    public int KeyVault { get; set; } = 7300;
    public int MailWeb { get; set; } = 5080;
    public int MailSmtp { get; set; } = 2525;
    public int MailImap { get; set; } = 2143;
    public int MailPop3 { get; set; } = 2110;
    public int ApiHttp { get; set; } = 5200;
    public int ApiHttps { get; set; } = 7200;
    public int WebHttp { get; set; } = 5100;
    public int WebHttps { get; set; } = 7100;

    /// <summary>Every port with the resource that binds it and its configuration key.</summary>
    public IEnumerable<(string Resource, string Key, int Port)> All() =>
    [
        ("pg-primary", nameof(PostgresPrimary), PostgresPrimary), ("pg-replica", nameof(PostgresReplica), PostgresReplica),
        ("redis", nameof(Redis), Redis), ("storage", nameof(Storage), Storage), ("keyvault", nameof(KeyVault), KeyVault),
        ("mail (web)", nameof(MailWeb), MailWeb), ("mail (smtp)", nameof(MailSmtp), MailSmtp),
        ("mail (imap)", nameof(MailImap), MailImap), ("mail (pop3)", nameof(MailPop3), MailPop3),
        ("api (http)", nameof(ApiHttp), ApiHttp), ("api (https)", nameof(ApiHttps), ApiHttps),
        ("web (http)", nameof(WebHttp), WebHttp), ("web (https)", nameof(WebHttps), WebHttps),
    ];
}
