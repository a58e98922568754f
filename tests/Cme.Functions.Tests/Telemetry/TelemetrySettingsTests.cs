using Cme.LocalRunner.Telemetry;
using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cme.Functions.Tests.Telemetry;

public sealed class TelemetrySettingsTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/";
    private const string ClientId = "6f1c1b7e-3f0a-4d5e-9c2b-7a8e9f0a1b2c";

    [Fact]
    public void Read_NothingSet_SendsNowhere()
    {
        Assert.Equal(TelemetryDestination.None, Read().Destination);
    }

    [Fact]
    public void Read_ConnectionString_SendsToApplicationInsightsWithItsKey()
    {
        var settings = Read(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString));

        Assert.Equal(TelemetryDestination.ApplicationInsights, settings.Destination);
        Assert.False(settings.EntraAuthentication);
    }

    [Fact]
    public void Read_AuthenticationStringWithClientId_SignsInAsThatUserAssignedIdentity()
    {
        // What infra/ sets: the resource refuses the key alone (DisableLocalAuth).
        var settings = Read(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString), ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", $"Authorization=AAD;ClientId={ClientId}"));

        Assert.True(settings.EntraAuthentication);
        Assert.Equal(ClientId, settings.EntraClientId);
    }

    [Fact]
    public void Read_AuthenticationStringWithoutClientId_IsTheSystemAssignedIdentity()
    {
        var settings = Read(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString), ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=AAD"));

        Assert.True(settings.EntraAuthentication);
        Assert.Null(settings.EntraClientId);
    }

    [Theory]
    [InlineData("Authorization=Key")] // not a scheme Application Insights takes from an app
    [InlineData("ClientId=6f1c1b7e-3f0a-4d5e-9c2b-7a8e9f0a1b2c")] // the scheme is missing
    [InlineData("Authorization=AAD;ClientId=id-cme-herts")] // a name where the client id belongs
    public void Read_AnAuthenticationStringThatIsNotUnderstood_SaysWhatToSet(string authentication)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString), ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", authentication)));

        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OtlpEndpointWithoutConnectionString_SendsOtlp()
    {
        Assert.Equal(TelemetryDestination.Otlp, Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")).Destination);
    }

    [Fact]
    public void ToString_NeverShowsTheConnectionString()
    {
        Assert.DoesNotContain("InstrumentationKey", Read(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString)).ToString(), StringComparison.Ordinal);
    }

    private static TelemetrySettings Read(params (string Key, string Value)[] settings) =>
        TelemetrySettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());
}
