using Azure.Core;

namespace Viggotech.ServiceDefaults.KeyVault;

/// <summary>
/// The token handed to the local Key Vault emulator, which accepts any bearer token. It is a
/// constant rather than a secret: it opens nothing but the emulator, and a real vault rejects it.
/// </summary>
internal sealed class EmulatorCredential : TokenCredential
{
    private const string Token = "viggotech-local-emulator";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
