using System.Diagnostics;
using Cme.Infrastructure.Configuration;
using Microsoft.Playwright;

namespace Cme.Infrastructure.Tests.Digest;

/// <summary>
/// The digest's HTML in a real browser: Debian's Chromium, headless, driven by Playwright through
/// its executable path (installed by <c>tools/chromium/install.sh</c> on first use). A screenshot
/// of each width is saved beside the test results for a person to look at.
/// </summary>
[Collection(DigestCollection.Name)]
public sealed class DigestInBrowserTests(DigestStore store)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Theory]
    [InlineData(1024)]
    [InlineData(600)]
    [InlineData(375)]
    public async Task The_digest_renders_without_overflow_and_its_key_numbers_are_visible(int width)
    {
        EnsureChromium();
        var html = (await store.Service.PreviewAsync(CancellationToken.None)).Html!;
        var file = Path.Combine(Path.GetTempPath(), $"cme-digest-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, html);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, JavaScriptEnabled = true });
            await page.GotoAsync(new Uri(file).AbsoluteUri);

            var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", $"digest-{width}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            var culprit = overflow <= 0 ? null : await page.EvaluateAsync<string>(
                "() => { const w = document.documentElement.clientWidth; let worst = null; for (const e of document.body.querySelectorAll('*')) { const r = e.getBoundingClientRect(); if (r.right > w && (!worst || e.contains(worst) === false && r.width <= worst.getBoundingClientRect().width)) worst = e; } return worst ? worst.outerHTML.slice(0, 200) : ''; }");
            Assert.True(overflow <= 0, $"the page is {overflow}px wider than a {width}px window; the narrowest element past the edge: {culprit}");
            foreach (var (selector, expected) in new[] { ("#open-now", "5"), ("#new-this-week", "1"), ("#closed-this-week", "2"), ("#overdue-count", "3"), ("#escalated", "3"), ("#safeguarding-count", "1"), ("#intake-waiting", "2"), ("#intake-poison", "1") })
            {
                var element = page.Locator(selector);
                Assert.True(await element.IsVisibleAsync(), $"{selector} is not visible at {width}px");
                Assert.Equal(expected, (await element.InnerTextAsync()).Trim());
            }

            Assert.Equal(3, await page.Locator("#overdue tr").CountAsync() - 1);
            Assert.Equal(12, await page.Locator("#trend > tbody > tr").CountAsync());
            Assert.Contains("Overdue", await page.Locator("#policy-review").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void EnsureChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var script = Path.Combine(RepositoryLayout.FindRepositoryRoot() ?? throw new InvalidOperationException("The repository root was not found."), "tools", "chromium", "install.sh");
        using var mutex = new Mutex(false, "cme-chromium-install");
        mutex.WaitOne(TimeSpan.FromMinutes(10));
        try
        {
            if (File.Exists(ChromiumPath))
            {
                return;
            }

            using var install = Process.Start(new ProcessStartInfo("sh", script) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var error = install.StandardError.ReadToEndAsync();
            install.StandardOutput.ReadToEnd();
            install.WaitForExit();
            Assert.True(install.ExitCode == 0 && File.Exists(ChromiumPath), $"Chromium could not be installed by {script} (exit {install.ExitCode}): {error.Result}. Install Debian's 'chromium' package (apt-get install chromium) and run the tests again.");
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }
}
