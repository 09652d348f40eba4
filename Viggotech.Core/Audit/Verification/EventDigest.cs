using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// SHA-256 of one event after another, as cheaply as the platform allows. Where the runtime's
/// crypto library is OpenSSL 3 (Linux), it calls OpenSSL's low-level SHA-256 on a context kept on
/// the stack: the same hardware-accelerated code as <see cref="IncrementalHash"/>, without the
/// per-call cost of the provider layer (error-queue clearing and a context freed and allocated on
/// every reset), which was a third of the verifier's time on events of ~600 bytes. The low-level
/// functions are checked against a known digest once; elsewhere, or if they are missing or
/// disagree, it falls back to <see cref="IncrementalHash"/>.
/// </summary>
internal sealed class EventDigest : IDisposable
{
    // SHA256_CTX is 112 bytes in OpenSSL 3; the margin costs nothing.
    private const int ContextSize = 256;
    private const string OpenSsl = "libcrypto.so.3";

    private static readonly Lazy<bool> LowLevelWorks = new(CheckLowLevel);

    private readonly IncrementalHash? fallback = LowLevelWorks.Value ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Whether the OpenSSL fast path is in use (for diagnostics and the benchmark's report).</summary>
    public static bool UsesOpenSslDirectly => LowLevelWorks.Value;

    public void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (fallback is not null)
        {
            fallback.AppendData(data);
            fallback.GetHashAndReset(destination);
            return;
        }
        Span<byte> context = stackalloc byte[ContextSize];
        if (Sha256Init(ref MemoryMarshal.GetReference(context)) != 1
            || Sha256Update(ref MemoryMarshal.GetReference(context), ref MemoryMarshal.GetReference(data), (nuint)data.Length) != 1
            || Sha256Final(ref MemoryMarshal.GetReference(destination), ref MemoryMarshal.GetReference(context)) != 1)
        {
            throw new CryptographicException("SHA-256 failed.");
        }
    }

    public void Dispose() => fallback?.Dispose();

    private static bool CheckLowLevel()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            // FIPS 180-2 test vector: SHA-256("abc").
            Span<byte> context = stackalloc byte[ContextSize];
            Span<byte> digest = stackalloc byte[32];
            var input = "abc"u8;
            return Sha256Init(ref MemoryMarshal.GetReference(context)) == 1
                && Sha256Update(ref MemoryMarshal.GetReference(context), ref MemoryMarshal.GetReference(input), (nuint)input.Length) == 1
                && Sha256Final(ref MemoryMarshal.GetReference(digest), ref MemoryMarshal.GetReference(context)) == 1
                && digest.SequenceEqual(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    // Short, non-blocking calls that never call back into the runtime: no GC transition needed.
    [DllImport(OpenSsl, EntryPoint = "SHA256_Init", ExactSpelling = true), SuppressGCTransition]
    private static extern int Sha256Init(ref byte context);

    [DllImport(OpenSsl, EntryPoint = "SHA256_Update", ExactSpelling = true), SuppressGCTransition]
    private static extern int Sha256Update(ref byte context, ref byte data, nuint length);

    [DllImport(OpenSsl, EntryPoint = "SHA256_Final", ExactSpelling = true), SuppressGCTransition]
    private static extern int Sha256Final(ref byte digest, ref byte context);
}
