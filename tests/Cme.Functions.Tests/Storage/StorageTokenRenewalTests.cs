using Azure.Core;
using Cme.LocalRunner.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cme.Functions.Tests.Storage;

public sealed class StorageTokenRenewalTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ScriptedCredential _credential = new();

    [Fact]
    public void Current_FirstCall_AsksTheIdentityForAStorageToken()
    {
        _credential.Next(new AccessToken("first", Now.AddHours(24)));

        var (token, _) = Renewal().Current();

        Assert.Equal("first", token);
        Assert.Equal(["https://storage.azure.com/.default"], _credential.Scopes.Single());
    }

    [Fact]
    public async Task RenewAsync_IdentityEndpointFails_KeepsTheTokenInHandAndAsksAgainSoonWithoutThrowing()
    {
        // The legacy SDKs call the renewal from an async void timer: an escaping exception would end the host.
        var renewal = Renewal();
        _credential.Next(new AccessToken("first", Now.AddHours(24)));
        renewal.Current();
        _credential.Fail(new HttpRequestException("identity endpoint unreachable"));

        var (token, renewAfter) = await renewal.RenewAsync(CancellationToken.None);

        Assert.Equal("first", token);
        Assert.Equal(StorageTokenRenewal.RetryAfterFailure, renewAfter);
    }

    [Fact]
    public async Task RenewAsync_ATimeOutThatIsNotTheRenewalsOwnCancellation_IsAFailureNotACrash()
    {
        var renewal = Renewal();
        _credential.Next(new AccessToken("first", Now.AddHours(24)));
        renewal.Current();
        _credential.Fail(new TaskCanceledException("HttpClient.Timeout of 100 seconds elapsed"));

        var (token, _) = await renewal.RenewAsync(CancellationToken.None);

        Assert.Equal("first", token);
    }

    [Fact]
    public async Task RenewAsync_Succeeds_HandsOverTheNewToken()
    {
        var renewal = Renewal();
        _credential.Next(new AccessToken("first", Now.AddHours(24)));
        renewal.Current();
        _credential.Next(new AccessToken("second", Now.AddHours(24)));

        var (token, _) = await renewal.RenewAsync(CancellationToken.None);

        Assert.Equal("second", token);
    }

    [Theory]
    [InlineData(24 * 60, 5 * 60)] // a managed identity's day-long token: asked for again every five minutes (the cache answers)
    [InlineData(8, 3 * 60)] // expires in 8 minutes: renewed 5 minutes before, in 3
    [InlineData(5, 30)] // already inside the margin: asked for at the failure pace, not in a tight loop
    [InlineData(-1, 30)] // expired: likewise
    public void RenewAfter_ExpiryMinutesAway_WaitsSeconds(int expiresInMinutes, int expectedSeconds)
    {
        var renewAfter = Renewal().RenewAfter(new AccessToken("t", Now.AddMinutes(expiresInMinutes)));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), renewAfter);
    }

    private StorageTokenRenewal Renewal() => new(_credential, _time, NullLogger<StorageTokenRenewal>.Instance);

    private sealed class ScriptedCredential : TokenCredential
    {
        private Func<AccessToken> _next = () => throw new InvalidOperationException("no token scripted");

        public List<string[]> Scopes { get; } = [];

        public void Next(AccessToken token) => _next = () => token;

        public void Fail(Exception exception) => _next = () => throw exception;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Add(requestContext.Scopes);
            return _next();
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
