using Azure.Core;

namespace Viggotech.Testing.KeyVault;

/// <summary>A bearer token for the local Key Vault emulator, which accepts any.</summary>
public sealed class EmulatorToken : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("test-token", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
