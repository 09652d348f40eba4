using Viggotech.Core.Crypto.Fields;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>
/// A tenant table with encrypted columns, described for the re-encryption job: its uuid key
/// column, the envelope columns, and the blind indexes computed from them. A feature registers
/// its tables with <c>AddEncryptedTable</c>; the job then keeps them on the current data key.
/// </summary>
public sealed record EncryptedTable(string Table, string KeyColumn, IReadOnlyList<EncryptedColumn> Columns, IReadOnlyList<BlindIndexColumn> BlindIndexes)
{
    public EncryptedTable(string table, string keyColumn, params EncryptedColumn[] columns)
        : this(table, keyColumn, columns, [])
    {
    }

    /// <summary>Word-token blind indexes (<c>bytea[]</c>) recomputed with the columns they come from.</summary>
    public IReadOnlyList<BlindTokenColumn> TokenIndexes { get; init; } = [];
}
