using System.Buffers.Binary;

namespace Viggotech.Core.Backups.Format;

/// <summary>
/// Follows a PostgreSQL binary COPY stream as it passes (signature, flags, header extension, then
/// tuples of length-prefixed fields, then the -1 trailer) and counts its rows, so a table part's
/// row count is known without a second query and a truncated or malformed stream is noticed.
/// </summary>
internal sealed class CopyBinaryRowCounter
{
    // "PGCOPY\n\377\r\n\0"
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private readonly byte[] pending = new byte[Signature.Length + 8];
    private int pendingLength;
    private int need = Signature.Length + 8;
    private State state = State.Header;
    private long skip;
    private int fieldsLeft;

    private enum State
    {
        Header,
        Extension,
        TupleStart,
        FieldLength,
        FieldData,
        Trailer,
    }

    public long Rows { get; private set; }

    /// <summary>True once the trailer was seen; anything after it is an error.</summary>
    public bool Complete => state == State.Trailer;

    public void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (state == State.Trailer)
            {
                throw new InvalidDataException("Data follows the end of the COPY stream.");
            }

            if (state is State.Extension or State.FieldData)
            {
                var take = (int)Math.Min(skip, data.Length);
                skip -= take;
                data = data[take..];
                if (skip == 0)
                {
                    Advance();
                }

                continue;
            }

            var copy = Math.Min(need - pendingLength, data.Length);
            data[..copy].CopyTo(pending.AsSpan(pendingLength));
            pendingLength += copy;
            data = data[copy..];
            if (pendingLength == need)
            {
                Parse(pending.AsSpan(0, need));
                pendingLength = 0;
            }
        }
    }

    private void Parse(ReadOnlySpan<byte> field)
    {
        switch (state)
        {
            case State.Header:
                if (!field[..Signature.Length].SequenceEqual(Signature))
                {
                    throw new InvalidDataException("Not a binary COPY stream.");
                }

                skip = BinaryPrimitives.ReadUInt32BigEndian(field[(Signature.Length + 4)..]);
                state = State.Extension;
                if (skip == 0)
                {
                    Advance();
                }

                break;
            case State.TupleStart:
                var fields = BinaryPrimitives.ReadInt16BigEndian(field);
                if (fields == -1)
                {
                    state = State.Trailer;
                    return;
                }

                Rows++;
                fieldsLeft = fields;
                NextField();
                break;
            case State.FieldLength:
                var length = BinaryPrimitives.ReadInt32BigEndian(field);
                fieldsLeft--;
                if (length > 0)
                {
                    skip = length;
                    state = State.FieldData;
                }
                else
                {
                    NextField();
                }

                break;
        }
    }

    private void Advance()
    {
        if (state == State.Extension)
        {
            state = State.TupleStart;
            need = 2;
        }
        else
        {
            NextField();
        }
    }

    private void NextField()
    {
        if (fieldsLeft > 0)
        {
            state = State.FieldLength;
            need = 4;
        }
        else
        {
            state = State.TupleStart;
            need = 2;
        }
    }
}
