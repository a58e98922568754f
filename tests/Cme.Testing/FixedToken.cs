using Azure.Core;

namespace Cme.Testing;

/// <summary>A credential that always hands out the same bearer token, for stand-ins of cloud APIs that check only that one is sent.</summary>
public sealed class FixedToken(string token = "test-token") : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
