using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>
/// A <c>bytea[]</c> column holding one <see cref="BlindIndex"/> value per word of <paramref name="Source"/>
/// (words from <paramref name="Words"/>): word search on an encrypted column.
/// </summary>
public sealed record BlindTokenColumn(string Column, EncryptedColumn Source, Func<string, IReadOnlyList<string>> Words)
{
    /// <summary>The column's value for <paramref name="text"/> under <paramref name="key"/>: one token per word.</summary>
    public byte[][] Compute(DataKeyLease key, string text) => [.. Words(text).Select(word => BlindIndex.Compute(key, Source, word))];
}
