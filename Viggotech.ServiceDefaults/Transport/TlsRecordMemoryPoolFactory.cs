using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Viggotech.ServiceDefaults.Transport;

/// <summary>Gives Kestrel (transport and HTTPS layer) <see cref="TlsRecordMemoryPool"/>s.</summary>
internal sealed class TlsRecordMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new TlsRecordMemoryPool();
}
