using System.Text;

namespace Viggotech.Core.Crypto.Fields;

/// <summary>
/// A <c>bytea</c> column holding field envelopes. Its table and column names are part of every
/// value's associated data, so renaming either needs a re-encryption, and a value copied into
/// another column does not decrypt.
/// </summary>
public sealed record EncryptedColumn
{
    public EncryptedColumn(string table, string column, FieldClassification classification)
    {
        if (table.Length is 0 or > 63 || column.Length is 0 or > 63 || !IsIdentifier(table) || !IsIdentifier(column))
        {
            throw new ArgumentException($"'{table}.{column}' is not a lowercase SQL identifier pair.");
        }

        Table = table;
        Column = column;
        Classification = classification;
        var label = new byte[2 + table.Length + column.Length];
        label[0] = (byte)table.Length;
        Encoding.ASCII.GetBytes(table, label.AsSpan(1));
        label[1 + table.Length] = (byte)column.Length;
        Encoding.ASCII.GetBytes(column, label.AsSpan(2 + table.Length));
        Label = label;
    }

    public string Table { get; }

    public string Column { get; }

    public FieldClassification Classification { get; }

    /// <summary>Length-prefixed table and column names, as they enter associated data.</summary>
    internal ReadOnlyMemory<byte> Label { get; }

    public override string ToString() => $"{Table}.{Column}";

    private static bool IsIdentifier(string name) => name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
