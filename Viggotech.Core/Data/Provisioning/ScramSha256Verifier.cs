using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Viggotech.Core.Data.Provisioning;

/// <summary>
/// Builds the SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, in
/// PostgreSQL's text form), so that ALTER ROLE ... PASSWORD never carries the password itself
/// to the server, where statement logging or pg_stat_statements could keep it.
/// </summary>
internal static class ScramSha256Verifier
{
    // PostgreSQL's own default (scram_iterations).
    private const int Iterations = 4096;

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(Prepare(password)), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(saltedPassword, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);
        return string.Create(CultureInfo.InvariantCulture,
            $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
    }

    // PostgreSQL and its clients SASLprep the password; for ASCII that is the identity, otherwise
    // NFKC normalisation is the part that matters for real passwords.
    private static string Prepare(string password) =>
        Ascii.IsValid(password) ? password : password.Normalize(NormalizationForm.FormKC);
}
