using Azure.Core;

namespace Viggotech.KeyVaultEmulator.Tests.Fixtures;

/// <summary>
/// A development credential that hands out one fixed token and remembers what it was asked for,
/// so tests can see the scope and tenant the SDK took from the emulator's challenge.
/// </summary>
public sealed class FixedTokenCredential : TokenCredential
{
    public const string Token = "emulator-test-token";

    public TokenRequestContext? LastRequest { get; private set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        LastRequest = requestContext;
        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
