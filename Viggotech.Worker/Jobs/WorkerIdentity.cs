using System.Security.Cryptography;

namespace Viggotech.Worker.Jobs;

/// <summary>This Worker instance as lease holder: host, process and a random part, so a restarted process is a new holder.</summary>
public sealed class WorkerIdentity
{
    public string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
