using Viggotech.Core.Crypto.Documents;

namespace Viggotech.Core.Tests.Encryption;

/// <summary>
/// The read-ahead stage that lets sealing or opening document chunks run on one core while the
/// previous buffer is sent on the other: it must really work ahead on another thread, hand every
/// byte over in order, and report a failure of its source only after everything read before it.
/// </summary>
public sealed class ReadAheadStreamTests
{
    private const int Buffer = 1024;

    [Fact]
    public async Task In_the_background_the_next_buffer_fills_on_another_thread_while_the_reader_holds_the_first()
    {
        // The source's second read does not return until the reader has used the first buffer: a
        // fill that ran on the reader's own thread would wait for a reader that never comes.
        using var firstBufferUsed = new ManualResetEventSlim();
        var source = new GatedStream(Pattern(3 * Buffer), gateAt: Buffer, firstBufferUsed);
        await using var ahead = new ReadAheadStream(source, Buffer, background: true);

        var first = new byte[Buffer];
        Assert.Equal(Buffer, await ahead.ReadAtLeastAsync(first, Buffer));
        firstBufferUsed.Set();
        var rest = new MemoryStream();
        await ahead.CopyToAsync(rest);

        Assert.Equal(Pattern(3 * Buffer), first.Concat(rest.ToArray()).ToArray());
        Assert.False(source.GateTimedOut);
    }

    [Theory]
    [InlineData(true, 7)]
    [InlineData(true, 5000)]
    [InlineData(false, 333)]
    public async Task Every_byte_before_a_failure_of_the_source_arrives_in_order_and_then_the_failure(bool background, int readSize)
    {
        const int failAfter = 5 * Buffer + 100;
        await using var ahead = new ReadAheadStream(new FailingStream(Pattern(failAfter)), Buffer, background);

        var received = new MemoryStream();
        var buffer = new byte[readSize];
        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            int read;
            while ((read = await ahead.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        });

        Assert.Equal("broken", failure.Message);
        Assert.Equal(Pattern(failAfter), received.ToArray());
    }

    [Fact]
    public async Task Of_known_length_it_reports_length_and_position_and_refuses_to_rewind()
    {
        await using var ahead = new ReadAheadStream(new MemoryStream(Pattern(3 * Buffer)), Buffer, background: true, length: 3 * Buffer);

        Assert.True(ahead.CanSeek);
        Assert.Equal(3 * Buffer, ahead.Length);
        Assert.Equal(0, ahead.Seek(0, SeekOrigin.Current));
        await ahead.ReadExactlyAsync(new byte[Buffer + 10]);
        Assert.Equal(Buffer + 10, ahead.Position);
        Assert.Equal(Buffer + 10, ahead.Seek(Buffer + 10, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => ahead.Seek(0, SeekOrigin.Begin));

        await using var unknown = new ReadAheadStream(new MemoryStream(Pattern(10)), Buffer);
        Assert.False(unknown.CanSeek);
        Assert.Throws<NotSupportedException>(() => unknown.Length);
    }

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + i / 251)).ToArray();

    /// <summary>Serves <c>content</c>; the first read from position <c>gateAt</c> on first waits (up to 10 s) for <c>gate</c>.</summary>
    private sealed class GatedStream(byte[] content, int gateAt, ManualResetEventSlim gate) : MemoryStream(content)
    {
        private bool gated;

        public bool GateTimedOut { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!gated && Position >= gateAt)
            {
                gated = true;
                if (!gate.Wait(TimeSpan.FromSeconds(10), cancellationToken))
                {
                    GateTimedOut = true;
                    throw new TimeoutException("The fill ran on the reader's thread: the reader never got back to release it.");
                }
            }

            // Small reads, so that one buffer takes several.
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, 300)], cancellationToken);
        }
    }

    /// <summary>Serves <c>content</c> in small reads, then throws instead of ending.</summary>
    private sealed class FailingStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = Read(buffer.Span[..Math.Min(buffer.Length, 200)]);
            return read > 0 ? ValueTask.FromResult(read) : ValueTask.FromException<int>(new IOException("broken"));
        }
    }
}
