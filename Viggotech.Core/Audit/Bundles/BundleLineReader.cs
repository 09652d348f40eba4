using System.Buffers;
using System.IO.Compression;

namespace Viggotech.Core.Audit.Bundles;

/// <summary>
/// Splits a bundle (plain or gzip, detected from its first bytes) into lines with one pooled
/// buffer, so memory stays constant however large the bundle. A line is valid until the next
/// <see cref="FillAsync"/>.
/// </summary>
internal sealed class BundleLineReader : IDisposable
{
    public const int MaxLineLength = 1 << 20;
    private const int InitialBuffer = 1 << 18;

    private readonly Stream source;
    private byte[] buffer;
    private int start;
    private int end;

    private BundleLineReader(Stream source, byte[] buffer, int end)
    {
        this.source = source;
        this.buffer = buffer;
        this.end = end;
    }

    /// <summary>The number of the line last returned, counting from 1.</summary>
    public long LineNumber { get; private set; }

    public bool EndOfStream { get; private set; }

    /// <summary>
    /// Whether the line last returned ran to the end of the input without its newline. Writers end
    /// every line with one, so such a line that does not parse is a file cut short.
    /// </summary>
    public bool LineWasUnterminated { get; private set; }

    public static async Task<BundleLineReader> OpenAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, 2), 2, throwOnEndOfStream: false, cancellationToken);
        if (read == 2 && buffer[0] == 0x1F && buffer[1] == 0x8B)
        {
            var gzip = new GZipStream(new ReplayStream(buffer[..2], stream), CompressionMode.Decompress);
            return new BundleLineReader(gzip, buffer, 0);
        }
        return new BundleLineReader(stream, buffer, read);
    }

    /// <exception cref="AuditFormatException">A line is longer than <see cref="MaxLineLength"/>.</exception>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var pending = buffer.AsSpan(start, end - start);
        var newline = pending.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (pending.Length > MaxLineLength)
            {
                throw new AuditFormatException($"Line {LineNumber + 1} is longer than {MaxLineLength} bytes.");
            }
            if (!EndOfStream || pending.IsEmpty)
            {
                line = default;
                return false;
            }
            newline = pending.Length;
            start = end;
            LineWasUnterminated = true;
        }
        else
        {
            start += newline + 1;
            LineWasUnterminated = false;
        }
        line = pending[..newline];
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }
        LineNumber++;
        return true;
    }

    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }
        if (end == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        var read = await source.ReadAsync(buffer.AsMemory(end), cancellationToken);
        end += read;
        EndOfStream = read == 0;
    }

    public void Dispose()
    {
        if (source is GZipStream gzip)
        {
            gzip.Dispose();
        }
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }
}
