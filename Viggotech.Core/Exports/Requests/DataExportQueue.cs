using System.Threading.Channels;

namespace Viggotech.Core.Exports.Requests;

/// <summary>
/// Exports waiting to be built in this process, with their passphrases. The passphrase lives only
/// here, in memory, until the build has used it: it is never written to the database, a queue or
/// a log. A process that stops loses its waiting exports; they are then reported failed.
/// </summary>
public sealed class DataExportQueue
{
    private readonly Channel<DataExportJob> channel = Channel.CreateBounded<DataExportJob>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });

    internal ValueTask EnqueueAsync(DataExportJob job, CancellationToken cancellationToken) => channel.Writer.WriteAsync(job, cancellationToken);

    internal IAsyncEnumerable<DataExportJob> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);
}

internal sealed record DataExportJob(Guid TenantId, Guid ExportId, string Passphrase);
