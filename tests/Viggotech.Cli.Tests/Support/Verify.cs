using Viggotech.Core.Audit.Bundles;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Tests.Support;

/// <summary>
/// Verifies through both the streaming path (what the CLI uses) and the typed reader path, and
/// insists they agree, so the two readers of the format cannot drift apart.
/// </summary>
internal static class Verify
{
    /// <param name="sameProblem">
    /// When false only the verdicts must agree: for an event whose member names were damaged the
    /// streaming path reports the hash mismatch, the typed path the unknown member.
    /// </param>
    public static async Task<AuditVerification> BundleAsync(byte[] bundle, AuditKeySet? trusted = null, bool sameProblem = true)
    {
        var options = new AuditVerifyOptions { TrustedKeys = trusted };
        var streamed = await AuditBundleVerifier.VerifyAsync(new MemoryStream(bundle), options);
        var typed = await AuditBundleVerifier.VerifyAsync(AuditBundleReader.ReadAsync(new MemoryStream(bundle)), options);
        Assert.Equal(streamed.Verdict, typed.Verdict);
        if (sameProblem)
        {
            Assert.Equal(streamed.Problem?.Kind, typed.Problem?.Kind);
            Assert.Equal(streamed.Problem?.Sequence, typed.Problem?.Sequence);
        }
        return streamed;
    }

    public static Task<AuditVerification> LinesAsync(List<string> lines, AuditKeySet? trusted = null, bool sameProblem = true) =>
        BundleAsync(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), trusted, sameProblem);

    public static void Problem(AuditVerification result, AuditProblemKind kind, long sequence)
    {
        Assert.Equal(AuditVerdict.Invalid, result.Verdict);
        Assert.NotNull(result.Problem);
        Assert.Equal(kind, result.Problem.Kind);
        Assert.Equal(sequence, result.Problem.Sequence);
    }
}
