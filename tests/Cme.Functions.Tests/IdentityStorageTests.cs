using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.EmbeddedStorage;
using Cme.Testing;

namespace Cme.Functions.Tests;

/// <summary>
/// The host as Azure Container Apps runs it against a storage account with shared keys disabled:
/// its own process, no connection string, only <c>AzureWebJobsStorage__*</c> identity settings,
/// and the managed identity endpoint Container Apps provides (<c>IDENTITY_ENDPOINT</c> and
/// <c>IDENTITY_HEADER</c>), here a loopback stand-in handing out storage tokens. Storage is
/// Azurite over HTTPS checking bearer tokens, with a certificate the host trusts through
/// <c>SSL_CERT_FILE</c>. The host holds no account key, so everything it does — the queue
/// trigger's reads (Microsoft.Azure.Storage), the timer's lock and schedule blobs
/// (WindowsAzure.Storage), the product's queue and table writes (Azure SDK) — is done with the
/// token.
/// </summary>
public sealed partial class IdentityStorageTests : IAsyncLifetime
{
    private const string ClientId = "6f1c1b7e-3f0a-4d5e-9c2b-7a8e9f0a1b2c";
    private const string IdentityHeader = "cme-test-identity-header";
    private readonly string _folder = Directory.CreateTempSubdirectory("cme-identity-").FullName;
    private IdentityEndpoint? _identityEndpoint;
    private EmbeddedAzurite? _azurite;

    private string DataFolder => Path.Combine(_folder, "data");

    private string CertificateFile => Path.Combine(_folder, "azurite-cert.pem");

    private string AzuriteLog => Path.Combine(_folder, "azurite-debug.log");

    public async Task InitializeAsync()
    {
        WriteLoopbackCertificate(CertificateFile, Path.Combine(_folder, "azurite-key.pem"));
        _azurite = await EmbeddedAzurite.StartAsync(
            Path.Combine(_folder, "azurite"),
            security: new AzuriteSecurity(CertificateFile, Path.Combine(_folder, "azurite-key.pem"), AzuriteLog));

        _identityEndpoint = IdentityEndpoint.Start(ClientId);
    }

    public async Task DisposeAsync()
    {
        _identityEndpoint?.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_host_reads_the_mailbox_ingests_and_acknowledges_with_a_managed_identity_token_and_no_account_key()
    {
        var inbox = Path.Combine(DataFolder, "mailbox", "inbox");
        Directory.CreateDirectory(inbox);
        var sample = Path.Combine(AppContext.BaseDirectory, "Samples", "01-referral-school-form.eml");
        var email = Path.Combine(inbox, Path.GetFileName(sample));
        File.Copy(sample, email);
        File.SetLastWriteTimeUtc(email, DateTime.UtcNow.AddMinutes(-1));

        var output = new ConcurrentQueue<string>();
        using var host = StartHost(output);
        try
        {
            var processed = Path.Combine(DataFolder, "mailbox", "processed");
            var outbox = Path.Combine(DataFolder, "outbox");
            var done = await Eventually.TrueWithinAsync(
                TimeSpan.FromSeconds(90),
                () => host.HasExited || (Directory.Exists(processed) && Directory.GetFiles(processed).Length == 1 && Directory.Exists(outbox) && Directory.GetFiles(outbox, "ack-*.eml").Length == 1));
            Assert.True(done && !host.HasExited, "the email was not processed and acknowledged within 90 s. Host output:\n" + string.Join('\n', output));

            var started = output.First(line => line.Contains("CME host started.", StringComparison.Ordinal));
            Assert.Contains($"Storage: storage account devstoreaccount1 with managed identity {ClientId}", started, StringComparison.Ordinal);

            // The identity endpoint was asked for a storage token for the configured user-assigned identity.
            var tokenRequests = _identityEndpoint!.Requests.ToList();
            Assert.NotEmpty(tokenRequests);
            Assert.All(tokenRequests, request => Assert.Equal((IdentityHeader, "https://storage.azure.com", ClientId), request));

            // Azurite accepted a bearer token on each service; nothing signed with a key.
            var log = await ReadSharedAsync(AzuriteLog);
            Assert.Contains("BlobTokenAuthenticator:authenticateBasic() Validation against token authentication successfully", log, StringComparison.Ordinal);
            Assert.Contains("QueueTokenAuthenticator:authenticateBasic() Validation against token authentication successfully", log, StringComparison.Ordinal);
            Assert.Contains("TableTokenAuthenticator:authenticateBasic() Validation against token authentication successfully", log, StringComparison.Ordinal);
            var schemes = AuthorizationScheme().Matches(log).Select(match => match.Groups[1].Value).ToList();
            Assert.NotEmpty(schemes);
            Assert.All(schemes, scheme => Assert.Equal("Bearer", scheme));
            Assert.DoesNotContain(output, line => line.Contains("fail", StringComparison.OrdinalIgnoreCase) && line.Contains("storage", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                host.WaitForExit(10_000);
            }
        }
    }

    private Process StartHost(ConcurrentQueue<string> output)
    {
        var start = Faults.HostProcess.BuiltHost();
        start.Environment["Cme__DataFolder"] = DataFolder;
        start.Environment["AzureWebJobs__HostId"] = AzuriteFixture.UniqueName("identity");
        // The child index's secret, which infra/ sets as a Key Vault reference (the host refuses to
        // start with identity storage and no key: its replicas share no disk for a key file).
        start.Environment["Cme__ChildIndex__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        // Exactly what infra/ sets, plus the service URLs (Azurite is not at *.core.windows.net).
        start.Environment["AzureWebJobsStorage"] = string.Empty;
        start.Environment["AzureWebJobsStorage__credential"] = "managedidentity";
        start.Environment["AzureWebJobsStorage__clientId"] = ClientId;
        start.Environment["AzureWebJobsStorage__blobServiceUri"] = _azurite!.BlobServiceUri.AbsoluteUri;
        start.Environment["AzureWebJobsStorage__queueServiceUri"] = _azurite.QueueServiceUri.AbsoluteUri;
        start.Environment["AzureWebJobsStorage__tableServiceUri"] = _azurite.TableServiceUri.AbsoluteUri;
        // What Azure Container Apps gives a container with a managed identity.
        start.Environment["IDENTITY_ENDPOINT"] = _identityEndpoint!.Url;
        start.Environment["IDENTITY_HEADER"] = IdentityHeader;
        // The only certificate the host trusts is Azurite's.
        start.Environment["SSL_CERT_FILE"] = CertificateFile;
        start.Environment.Remove("SSL_CERT_DIR");

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void WriteLoopbackCertificate(string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The scheme of each request's Authorization header, as Azurite's debug log records it.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("\"authorization\":\"([A-Za-z]+) ")]
    private static partial System.Text.RegularExpressions.Regex AuthorizationScheme();

    /// <summary>
    /// A stand-in for the managed identity endpoint of App Service and Container Apps
    /// (API version 2019-08-01): GET with the resource, the client id and the X-IDENTITY-HEADER
    /// secret; it answers with a token of the shape Entra ID issues for storage. Azurite's "basic"
    /// check reads the token's lifetime, issuer and audience, not its signature.
    /// </summary>
    private sealed class IdentityEndpoint : IDisposable
    {
        private readonly LoopbackHttpServer _server;
        private readonly string _clientId;

        private IdentityEndpoint(string clientId)
        {
            _clientId = clientId;
            _server = new LoopbackHttpServer("/msi/token/", AnswerAsync);
        }

        public string Url => _server.Url;

        /// <summary>Every request: its identity header, resource and client id.</summary>
        public ConcurrentQueue<(string? Header, string? Resource, string? ClientId)> Requests { get; } = new();

        public static IdentityEndpoint Start(string clientId) => new(clientId);

        public void Dispose() => _server.Dispose();

        private async Task AnswerAsync(HttpListenerContext context)
        {
            var request = (context.Request.Headers["X-IDENTITY-HEADER"], context.Request.QueryString["resource"], context.Request.QueryString["client_id"]);
            Requests.Enqueue(request);
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                access_token = StorageToken(),
                expires_on = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                resource = request.Item2,
                token_type = "Bearer",
                client_id = _clientId,
            });
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }

        private string StorageToken()
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
            var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
            {
                aud = "https://storage.azure.com",
                iss = "https://sts.windows.net/00000000-0000-0000-0000-000000000001/",
                iat = now - 60,
                nbf = now - 60,
                exp = now + 3600,
                appid = _clientId,
            }));
            return $"{header}.{payload}.{Base64Url(Encoding.UTF8.GetBytes("not-signed"))}";
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
