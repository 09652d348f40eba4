using System.Reflection;
using Microsoft.Extensions.Options;

namespace Viggotech.KeyVaultEmulator;

/// <summary>
/// The vault as the caller reached it. Ids are absolute URLs on the request's own host and port
/// because the SDK parses the vault URI, name and version back out of them.
/// </summary>
public sealed record VaultAddress(string BaseUri, int RetentionDays)
{
    /// <summary>Azure names the full 90-day retention differently from a shortened one.</summary>
    public string RecoveryLevel => RetentionDays >= 90 ? "Recoverable+Purgeable" : "CustomizedRecoverable+Purgeable";

    public string SecretId(string name, string? version = null) =>
        version is null ? $"{BaseUri}/secrets/{name}" : $"{BaseUri}/secrets/{name}/{version}";

    public string RecoveryId(string name) => $"{BaseUri}/deletedsecrets/{name}";

    public static ValueTask<VaultAddress?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        var request = context.Request;
        return ValueTask.FromResult<VaultAddress?>(new($"{request.Scheme}://{request.Host}", options.RetentionDays));
    }
}
