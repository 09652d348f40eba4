using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Audit.Verification;

namespace Viggotech.Cli.Audit;

/// <summary><c>audit verify &lt;bundle&gt; [--keys &lt;jwks&gt;]</c>: exit 0 valid, 1 tampered, 2 could not check.</summary>
public sealed class AuditVerifyCommand(IAnsiConsole console) : AsyncCommand<AuditVerifySettings>
{
    // Below this a bundle verifies in well under a second and a progress bar would only flicker.
    private const long ProgressThreshold = 16 << 20;

    public override async Task<int> ExecuteAsync(CommandContext context, AuditVerifySettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Bundle))
        {
            return Unusable($"The bundle \"{settings.Bundle}\" does not exist.");
        }

        AuditKeySet? trusted = null;
        if (settings.Keys is { } keysPath)
        {
            if (!File.Exists(keysPath))
            {
                return Unusable($"The key file \"{keysPath}\" does not exist.");
            }
            try
            {
                trusted = AuditKeySet.ParseJwks(await File.ReadAllBytesAsync(keysPath, cancellationToken));
            }
            catch (Exception e) when (e is JsonException or AuditFormatException)
            {
                return Unusable($"The key file \"{keysPath}\" is not a JWKS of audit keys: {e.Message}");
            }
        }

        using (trusted)
        {
            await using var file = new FileStream(settings.Bundle, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var options = new AuditVerifyOptions { TrustedKeys = trusted };
            var result = ShowProgress(file)
                ? await VerifyWithProgressAsync(file, options, cancellationToken)
                : await AuditBundleVerifier.VerifyAsync(file, options, cancellationToken);
            new VerificationReport(console).Write(settings, result);
            return result.Verdict switch
            {
                AuditVerdict.Valid => ExitCodes.Valid,
                AuditVerdict.Invalid => ExitCodes.Invalid,
                _ => ExitCodes.Unusable,
            };
        }
    }

    private bool ShowProgress(FileStream file) =>
        file.Length >= ProgressThreshold && console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    private Task<AuditVerification> VerifyWithProgressAsync(FileStream file, AuditVerifyOptions options, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                // Progress follows the file position, which also works for gzip bundles.
                var task = progress.AddTask("Verifying", maxValue: file.Length);
                var result = await AuditBundleVerifier.VerifyAsync(file, options with { Progress = _ => task.Value = file.Position }, cancellationToken);
                task.Value = file.Length;
                return result;
            });

    private int Unusable(string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        console.MarkupLine("verdict: [red]UNUSABLE[/]");
        return ExitCodes.Unusable;
    }
}
