using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Viggotech.ServiceDefaults.Transport;

/// <summary>
/// Kestrel's connection buffers in blocks of one full TLS record (16 KiB) instead of its default
/// 4 KiB. Kestrel hands its HTTPS layer one pipe segment at a time and every segment becomes its
/// own TLS record, so with 4 KiB blocks a large response (a document download) goes out as four
/// times as many records: four times the encrypt calls, writes and client-side reads per byte.
/// Blocks live on the pinned object heap (sockets use them without pinning) and up to
/// <see cref="RetainedBlocks"/> are kept for reuse; the rest go back to the GC.
/// </summary>
internal sealed class TlsRecordMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 16 * 1024;

    public const int RetainedBlocks = 256;

    private readonly ConcurrentQueue<byte[]> free = new();
    private int retained;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref retained);
        }
        else
        {
            block = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        }

        return new Block(this, block);
    }

    protected override void Dispose(bool disposing)
    {
        free.Clear();
    }

    private void Return(byte[] block)
    {
        if (Interlocked.Increment(ref retained) <= RetainedBlocks)
        {
            free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref retained);
        }
    }

    private sealed class Block(TlsRecordMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? array = array;

        public Memory<byte> Memory => MemoryMarshal.CreateFromPinnedArray(array ?? throw new ObjectDisposedException(nameof(Block)), 0, BlockSize);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref array, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }
}
