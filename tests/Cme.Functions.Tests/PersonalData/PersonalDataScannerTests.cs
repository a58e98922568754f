using System.Diagnostics;
using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Intake;
using Cme.LocalRunner.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Cme.Functions.Tests.PersonalData;

/// <summary>
/// The scanner the pipeline test relies on finds what it must: a child's details logged on
/// purpose, through the same capture and the host's redaction, are reported. The child here is
/// invented and in no sample, so nothing planted here can be mistaken for a leak by the pipeline
/// test running beside it.
/// </summary>
public sealed class PersonalDataScannerTests
{
    private const string Sample = "planted.eml";

    private static readonly ParsedEmail Planted = new()
    {
        Kind = EmailKind.Referral,
        Child = new ChildDetails("Zinnia", "Quenby-Vale", new DateOnly(2019, 5, 4), null, YearGroup.Year(2), "Flat 2, Orrin House, 7 Lantern Walk, Royston", Postcode.Parse("SG8 9ZQ"), null),
        RawUpn = "Q123456789012",
    };

    private readonly PersonalDataScanner _scanner = new(PersonalDataScanner.FromParsed(Sample, Planted));

    [Fact]
    public void A_postcode_logged_as_a_template_argument_is_found_in_the_log_and_in_the_exported_log_whatever_its_spacing_and_case()
    {
        using var capture = new TelemetryCapture(console: false);
        using (var loggers = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(capture.LoggerProvider);
            // The host's own redaction first, as in HostTelemetry: it knows attribute names, not values.
            logging.AddOpenTelemetry(options =>
            {
                options.IncludeFormattedMessage = true;
                options.AddProcessor(new PersonalDataRedaction.LogProcessor());
                options.AddProcessor(new SimpleLogRecordExportProcessor(capture.LogExporter));
            });
        }))
        {
            var logger = loggers.CreateLogger("planted");
            logger.LogDebug("Home visit booked near {Where}", "sg8 9zq");
            logger.LogDebug("Home visit booked near {Where}", "SG89ZQ");
        }

        var leaking = _scanner.Scan(capture.Texts).Where(leak => leak.Value.What == "postcode").Select(leak => leak.Where).Distinct().ToList();

        // Both records, in both: the redaction goes by attribute names, and "Where" names no detail.
        Assert.Equal(2, leaking.Count(text => text.Channel == TelemetryCapture.Log));
        Assert.Equal(2, leaking.Count(text => text.Channel == TelemetryCapture.ExportedLog));
    }

    [Fact]
    public void A_name_date_of_birth_upn_or_address_line_in_a_span_tag_event_or_exception_is_found()
    {
        using var capture = new TelemetryCapture(console: false);
        using var source = new ActivitySource("Cme.Tests.Planted");
        using (var activity = source.StartActivity("planted"))
        {
            Assert.NotNull(activity);
            activity.SetTag("note", "spoke to zinnia's aunt");
            activity.AddEvent(new ActivityEvent("visit", tags: new ActivityTagsCollection { ["on"] = "born 04/05/2019" }));
            activity.SetStatus(ActivityStatusCode.Error, "UPN Q123456789012 refused");
            activity.SetTag("where", "7 Lantern Walk");
        }

        using (var loggers = LoggerFactory.Create(logging => logging.AddProvider(capture.LoggerProvider)))
        {
            loggers.CreateLogger("planted").LogError(new InvalidOperationException("No case for Quenby-Vale, born 2019-05-04T00:00:00"), "Ingestion failed");
        }

        var found = _scanner.Scan(capture.Texts).Select(leak => (leak.Where.Channel, leak.Value.What, leak.Value.Value)).ToHashSet();

        Assert.Contains((TelemetryCapture.Activity, "forename", "Zinnia"), found);
        Assert.Contains((TelemetryCapture.Activity, "date of birth", "04/05/2019"), found);
        Assert.Contains((TelemetryCapture.Activity, "UPN", "Q123456789012"), found);
        Assert.Contains((TelemetryCapture.Activity, "address line", "7 Lantern Walk"), found);
        Assert.Contains((TelemetryCapture.Log, "surname", "Quenby-Vale"), found);
        Assert.Contains((TelemetryCapture.Log, "date of birth", "2019-05-04"), found);
    }

    [Fact]
    public void A_keyed_hash_of_the_childs_identity_is_found_inside_a_request_url_when_the_scan_knows_the_secret()
    {
        var secret = Cme.Infrastructure.Storage.ChildIndexSecret.Generate();
        var scanner = new PersonalDataScanner(PersonalDataScanner.FromParsed(Sample, Planted, secret));
        var url = $"GET http://127.0.0.1:10002/devstoreaccount1/childindex()?$filter=PartitionKey%20eq%20%27{secret.KeyFor(Planted.Child.IdentityKeys[0])}%27";

        var leak = Assert.Single(scanner.Scan([new CapturedText(TelemetryCapture.ExportedSpan, "Azure.Data.Tables", url)]));

        Assert.Equal("identity hash (name-dob)", leak.Value.What);
    }

    [Fact]
    public void A_hash_of_the_childs_identity_is_found_inside_a_request_url()
    {
        var hash = Cme.Infrastructure.Storage.TableKeys.Hash(Planted.Child.IdentityKeys[0]);
        var url = $"GET http://127.0.0.1:10002/devstoreaccount1/childindex()?$filter=PartitionKey%20eq%20%27{hash}%27";

        var leak = Assert.Single(_scanner.Scan([new CapturedText(TelemetryCapture.ExportedSpan, "Azure.Data.Tables", url)]));

        Assert.Equal("identity hash (name-dob)", leak.Value.What);
    }

    [Theory]
    [InlineData("Zinniashire County Council")] // a name inside a longer word is not that name
    [InlineData("order 120190504 shipped")] // a date's digits inside a longer number are not that date
    [InlineData("token XSG89ZQ1")] // nor a postcode inside a longer token
    [InlineData("Opened case CME-2026-00001 from an email of kind referral, area west")]
    public void Ordinary_text_is_not_reported(string text)
    {
        Assert.Empty(_scanner.Scan([new CapturedText(TelemetryCapture.Log, "test", text)]));
    }

    [Fact]
    public void The_values_looked_for_cover_each_detail_in_the_renderings_a_log_might_use()
    {
        var values = _scanner.Values.Select(value => value.Value).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "Zinnia", "Quenby-Vale", "Zinnia Quenby-Vale",
                "2019-05-04", "04/05/2019", "4/5/2019", "05/04/2019", "04.05.2019", "4 May 2019", "20190504",
                "Q123456789012", "SG8 9ZQ", "SG89ZQ",
                "Orrin House", "7 Lantern Walk", "Royston",
            },
            values);
    }
}
