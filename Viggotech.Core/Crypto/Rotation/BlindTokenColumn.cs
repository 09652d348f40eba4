using Viggotech.Core.Crypto.Fields;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>
/// A <c>bytea[]</c> column holding one <see cref="BlindIndex"/> value per word of <paramref name="Source"/>
/// (words from <paramref name="Words"/>): word search on an encrypted column.
/// </summary>
public sealed record BlindTokenColumn(string Column, EncryptedColumn Source, Func<string, IReadOnlyList<string>> Words);
