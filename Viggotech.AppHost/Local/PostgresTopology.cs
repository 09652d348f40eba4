using System.Text.Json;

namespace Viggotech.AppHost.Local;

/// <summary>One local PostgreSQL cluster: a fixed resource, region, data folder and port; its role can change.</summary>
public sealed record PostgresNode(string Resource, string InitResource, string Region, string DataPath, int Port)
{
    public string DataFolder => Path.GetFileName(DataPath);
}

/// <summary>
/// Which of the two local clusters is the primary now. The resources are fixed (pg-primary is
/// region A's cluster on its port, pg-replica region B's), but after a failover region B is the
/// primary; <c>.local/pg/topology.json</c> records that, so a restart brings each cluster back in
/// the role it last had. The file is the fence: once it names the other cluster, the old primary
/// is never started as a primary again (its init step rewinds it into a standby).
/// </summary>
public sealed class PostgresTopology
{
    private readonly string statePath;
    private readonly Lock gate = new();

    private PostgresTopology(PostgresNode regionA, PostgresNode regionB, string statePath)
    {
        RegionA = regionA;
        RegionB = regionB;
        this.statePath = statePath;
    }

    public PostgresNode RegionA { get; }

    public PostgresNode RegionB { get; }

    public PostgresNode Primary
    {
        get
        {
            lock (gate)
            {
                return Read() == RegionB.DataFolder ? RegionB : RegionA;
            }
        }
    }

    public PostgresNode Standby => Primary == RegionA ? RegionB : RegionA;

    public static PostgresTopology Load(LocalSettings settings)
    {
        var regionA = new PostgresNode(ResourceNames.PostgresPrimary, ResourceNames.PostgresPrimaryInit, "region A",
            settings.PostgresPrimaryData, settings.Ports.PostgresPrimary);
        var regionB = new PostgresNode(ResourceNames.PostgresReplica, ResourceNames.PostgresReplicaInit, "region B",
            settings.PostgresReplicaData, settings.Ports.PostgresReplica);
        Directory.CreateDirectory(settings.PostgresRoot);
        return new PostgresTopology(regionA, regionB, Path.Combine(settings.PostgresRoot, "topology.json"));
    }

    /// <summary>Records <paramref name="node"/> as the primary, atomically (write, flush, rename).</summary>
    public void MarkPrimary(PostgresNode node)
    {
        lock (gate)
        {
            var temporary = statePath + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, new TopologyState(node.DataFolder, DateTimeOffset.UtcNow));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, statePath, overwrite: true);
        }
    }

    private string Read()
    {
        if (!File.Exists(statePath))
        {
            return RegionA.DataFolder;
        }

        var state = JsonSerializer.Deserialize<TopologyState>(File.ReadAllText(statePath));
        return state?.PrimaryDataFolder ?? RegionA.DataFolder;
    }

    private sealed record TopologyState(string PrimaryDataFolder, DateTimeOffset ChangedAt);
}
