using System.Security.Cryptography;
using System.Text;
using Viggotech.Testing;

namespace Viggotech.Backups.Tests;

/// <summary>An export's row as the database superuser sees it, and the secrets that must never be in it.</summary>
internal static class ExportRows
{
    public sealed record Row(string Json, byte[]? SealedKey, byte[] Salt, int Iterations, int Attempts, string Status);

    public static async Task<Row> ReadAsync(BackupPlatformFixture fixture, Guid exportId)
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        const string Where = " from data_exports where id = $1";
        return new Row(
            await connection.ScalarAsync<string>("select row_to_json(e)::text from data_exports e where id = $1", exportId),
            await connection.ScalarAsync<byte[]?>("select sealed_key" + Where, exportId),
            await connection.ScalarAsync<byte[]>("select key_salt" + Where, exportId),
            await connection.ScalarAsync<int>("select key_iterations" + Where, exportId),
            await connection.ScalarAsync<int>("select attempts" + Where, exportId),
            await connection.ScalarAsync<string>("select status" + Where, exportId));
    }

    /// <summary>The archive key the passphrase gives under the row's salt: what the sealed key must hide.</summary>
    public static byte[] DerivedKey(Row row, string passphrase) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, row.Salt, row.Iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>Fails if <paramref name="text"/> holds the passphrase or the unsealed key, in any of the forms a dump or a row shows bytes.</summary>
    public static void AssertHoldsNoSecret(string text, string passphrase, byte[] key, string where)
    {
        Assert.False(text.Contains(passphrase, StringComparison.Ordinal), $"{where} holds the passphrase");
        Assert.False(text.Contains(Convert.ToHexStringLower(key), StringComparison.OrdinalIgnoreCase), $"{where} holds the unsealed key (hex)");
        Assert.False(text.Contains(Convert.ToBase64String(key), StringComparison.Ordinal), $"{where} holds the unsealed key (base64)");
        Assert.False(text.Contains(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(passphrase)), StringComparison.OrdinalIgnoreCase), $"{where} holds the passphrase (hex)");
    }
}
