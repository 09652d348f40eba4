using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Verification;

namespace Viggotech.Cli.Backups;

/// <summary><c>backup verify &lt;manifest&gt; [--parts dir] [--keys jwks]</c>: exit 0 valid, 1 tampered or incomplete, 2 could not check.</summary>
public sealed class BackupVerifyCommand(IAnsiConsole console) : AsyncCommand<BackupVerifySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BackupVerifySettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Manifest))
        {
            return Unusable($"The manifest \"{settings.Manifest}\" does not exist.");
        }

        var parts = settings.Parts ?? Path.GetDirectoryName(Path.GetFullPath(settings.Manifest))!;
        if (!Directory.Exists(parts))
        {
            return Unusable($"The parts folder \"{parts}\" does not exist.");
        }

        AuditKeySet? trusted = null;
        if (settings.Keys is { } keysPath)
        {
            try
            {
                trusted = AuditKeySet.ParseJwks(await File.ReadAllBytesAsync(keysPath, cancellationToken));
            }
            catch (Exception e) when (e is JsonException or AuditFormatException or IOException)
            {
                return Unusable($"The key file \"{keysPath}\" is not a JWKS of backup signing keys: {e.Message}");
            }
        }

        using (trusted)
        {
            try
            {
                var check = await OfflineBackupVerifier.VerifyAsync(await File.ReadAllBytesAsync(settings.Manifest, cancellationToken),
                    name => Path.Combine(parts, name) is var path && File.Exists(path) ? File.OpenRead(path) : null, trusted, cancellationToken);
                var manifest = check.Manifest;
                console.MarkupLineInterpolated($"backup: {manifest.BackupId} of tenant {manifest.TenantId}");
                console.MarkupLineInterpolated($"snapshot: {manifest.SnapshotAt.ToString("u", CultureInfo.InvariantCulture)}, schema {manifest.SchemaVersion}");
                console.MarkupLineInterpolated($"parts: {manifest.Parts.Count}, rows: {manifest.Rows}, bytes: {manifest.Size}");
                console.MarkupLineInterpolated($"signature: {check.KeyId} ({(check.TrustedKey ? "a trusted key" : "the key embedded in the manifest")})");
                console.MarkupLine("verdict: [green]VALID[/]");
                return ExitCodes.Valid;
            }
            catch (BackupFormatException e)
            {
                return Unusable(e.Message);
            }
            catch (BackupVerificationException e)
            {
                console.MarkupLineInterpolated($"[red]problem:[/] {e.Message}");
                console.MarkupLine("verdict: [red]INVALID[/]");
                return ExitCodes.Invalid;
            }
        }
    }

    private int Unusable(string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        console.MarkupLine("verdict: [red]UNUSABLE[/]");
        return ExitCodes.Unusable;
    }
}
