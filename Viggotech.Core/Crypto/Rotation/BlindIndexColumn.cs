using Viggotech.Core.Crypto.Fields;

namespace Viggotech.Core.Crypto.Rotation;

/// <summary>A <c>bytea</c> column holding <see cref="BlindIndex"/> values of <paramref name="Source"/>, normalised by <paramref name="Normalise"/>.</summary>
public sealed record BlindIndexColumn(string Column, EncryptedColumn Source, Func<string, string> Normalise);
