using Microsoft.Playwright;

namespace GuestSync.Browser.Tests;

/// <summary>A person fills the demo form in headless chromium, with script on and off.</summary>
public sealed class DemoPageBrowserTests : IClassFixture<BrowserFixture>
{
    private const string Name = "Grace Hopper";
    private const string Email = "grace@example.org";
    private const string Phone = "+442079460000";

    private readonly BrowserFixture _fixture;

    public DemoPageBrowserTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Submitting_the_form_shows_success_and_Genesys_holds_ciphertext_of_what_was_typed(bool javaScript)
    {
        await using var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(_fixture.BaseAddress.ToString());
        var guestId = await page.InputValueAsync("#guestId");

        await FillAsync(page, Email);
        await page.ClickAsync("#profile-form button[type=submit]");

        if (!javaScript)
        {
            await page.WaitForURLAsync(url => url.Contains("/demo/result?guestId=", StringComparison.Ordinal));
        }

        var success = page.Locator(".result-success");
        await success.WaitForAsync();
        Assert.Contains($"Genesys Cloud accepted the update for guest {guestId}", await success.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#received table").WaitForAsync();
        await ScreenshotAsync(page, $"success-{(javaScript ? "script" : "no-script")}");

        var guest = _fixture.Emulator.GetGuest(guestId);
        Assert.NotNull(guest);
        foreach (var (field, typed) in new[] { ("name", Name), ("email", Email), ("phone", Phone) })
        {
            var stored = guest[field]!.GetValue<string>();
            Assert.DoesNotContain(typed, stored, StringComparison.Ordinal);
            Assert.Equal(typed, _fixture.Key.Decrypt(stored));
            Assert.Equal(typed, await page.Locator($"#received tr[data-field='{field}'] .decrypted").InnerTextAsync());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task During_an_outage_switched_on_the_page_a_submission_is_queued_and_after_it_Genesys_holds_ciphertext_of_what_was_typed(bool javaScript)
    {
        await using var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(_fixture.BaseAddress.ToString());
        try
        {
            await page.ClickAsync("#outage-switch");
            await page.Locator("#outage-state[data-outage=on]").WaitForAsync();
            var guestId = await page.InputValueAsync("#guestId");
            Assert.Matches("^[A-Za-z0-9_-]{22}$", await page.InputValueAsync("input[name=submissionId]"));
            await FillAsync(page, Email);

            await page.ClickAsync("#profile-form button[type=submit]");
            if (!javaScript)
            {
                await page.WaitForURLAsync(url => url.Contains("/demo/result?guestId=", StringComparison.Ordinal));
            }

            var queued = page.Locator(".result-queued");
            await queued.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            Assert.Contains("Queued", await queued.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(guestId, await queued.InnerTextAsync(), StringComparison.Ordinal);
            await ScreenshotAsync(page, $"queued-{(javaScript ? "script" : "no-script")}");
            Assert.Null(_fixture.Emulator.GetGuest(guestId));

            // Switch the outage off from the page (a second tab, so the first keeps waiting for delivery).
            var control = await context.NewPageAsync();
            await control.GotoAsync(_fixture.BaseAddress.ToString());
            await control.ClickAsync("#outage-switch");
            await control.Locator("#outage-state[data-outage=off]").WaitForAsync();

            // Script: the live region turns to "Delivered"; no script: the result page reloads itself until delivered.
            await page.Locator("#received table").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            Assert.Contains($"accepted the {(javaScript ? "queued " : string.Empty)}update for guest {guestId}",
                await page.Locator(".result-success").InnerTextAsync(), StringComparison.Ordinal);
            await ScreenshotAsync(page, $"delivered-after-outage-{(javaScript ? "script" : "no-script")}");
            var guest = _fixture.Emulator.GetGuest(guestId);
            Assert.NotNull(guest);
            foreach (var (field, typed) in new[] { ("name", Name), ("email", Email), ("phone", Phone) })
            {
                var stored = guest[field]!.GetValue<string>();
                Assert.DoesNotContain(typed, stored, StringComparison.Ordinal);
                Assert.Equal(typed, _fixture.Key.Decrypt(stored));
                Assert.Equal(typed, await page.Locator($"#received tr[data-field='{field}'] .decrypted").InnerTextAsync());
            }
        }
        finally
        {
            _fixture.Outage.Switch(false);
        }
    }

    [Fact]
    public async Task Double_clicking_submit_with_scripting_off_sends_one_patch()
    {
        await using var context = await NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        var posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.Contains("/api/profile-sync", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref posts);
            }
        };
        await page.GotoAsync(_fixture.BaseAddress.ToString());
        var guestId = await page.InputValueAsync("#guestId");
        Assert.Matches("^[A-Za-z0-9_-]{22}$", await page.InputValueAsync("input[name=submissionId]"));
        await FillAsync(page, Email);

        // Genesys answers slowly, so the second click arrives while the first post is still being sent.
        _fixture.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(600);
        try
        {
            // A person's double click: two clicks a moment apart, the second while the first post is on its way.
            // (The mouse itself, not ClickAsync, which would wait for the first click's navigation to finish.)
            var box = await page.Locator("#profile-form button[type=submit]").BoundingBoxAsync() ?? throw new InvalidOperationException("No submit button.");
            await page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await Task.Delay(150);
            await page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await page.WaitForLoadStateAsync(LoadState.Load);
            for (var i = 0; i < 100 && _fixture.Emulator.GetGuest(guestId) is null; i++)
            {
                await Task.Delay(50);
            }

            await Task.Delay(1000); // a second PATCH, were one sent, would have arrived by now
        }
        finally
        {
            _fixture.Emulator.Faults.Latency = TimeSpan.Zero;
        }

        await ScreenshotAsync(page, "double-click-no-script");
        Assert.True(posts >= 2, $"the browser sent {posts} post(s); the test needs two");
        Assert.Single(_fixture.Emulator.ReceivedRequests, r => r.Method == "PATCH" && r.Path.EndsWith(guestId, StringComparison.Ordinal));
        Assert.NotNull(_fixture.Emulator.GetGuest(guestId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_bad_email_shows_its_error_beside_the_email_field_and_sends_nothing(bool javaScript)
    {
        await using var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(_fixture.BaseAddress.ToString());
        var guestId = await page.InputValueAsync("#guestId");

        await FillAsync(page, "grace-at-example");
        await page.ClickAsync("#profile-form button[type=submit]");

        var error = page.Locator(".field:has(#email) .error");
        await error.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("must be an email address", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#email", "aria-invalid"));
        Assert.Contains("email-error", await page.GetAttributeAsync("#email", "aria-describedby") ?? string.Empty, StringComparison.Ordinal);
        Assert.False(await page.Locator(".field:has(#name) .error").IsVisibleAsync());
        Assert.Equal("grace-at-example", await page.InputValueAsync("#email"));
        var summary = await page.Locator("#result").InnerTextAsync();
        Assert.Contains("Please correct the fields marked below", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("..", summary, StringComparison.Ordinal);
        await ScreenshotAsync(page, $"bad-email-{(javaScript ? "script" : "no-script")}");
        Assert.Null(_fixture.Emulator.GetGuest(guestId));
    }

    [Fact]
    public async Task With_scripting_off_an_error_page_reloaded_does_not_post_again_and_keeps_what_was_typed()
    {
        await using var context = await NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        var posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.Contains("/api/profile-sync", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref posts);
            }
        };
        await page.GotoAsync(_fixture.BaseAddress.ToString());
        var guestId = await page.InputValueAsync("#guestId");
        await FillAsync(page, "grace-at-example");

        await page.ClickAsync("#profile-form button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("/?form=", StringComparison.Ordinal));
        await page.Locator(".field:has(#email) .error").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        var afterPost = posts;
        for (var reload = 0; reload < 2; reload++)
        {
            var response = await page.ReloadAsync();
            Assert.Equal("GET", response!.Request.Method);
            Assert.Equal("grace-at-example", await page.InputValueAsync("#email"));
            Assert.True(await page.Locator(".field:has(#email) .error").IsVisibleAsync());
        }

        await ScreenshotAsync(page, "bad-email-reloaded-no-script");
        Assert.Equal(1, afterPost);
        Assert.Equal(1, posts);
        Assert.DoesNotContain(_fixture.Emulator.ReceivedRequests, r => r.Path.EndsWith(guestId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_demo_pages_log_no_console_error_or_csp_violation(bool javaScript)
    {
        await using var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (errors)
                {
                    errors.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"{page.Url}: {error}");
            }
        };
        var requested = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add(request.Url);
            }
        };

        await page.GotoAsync(_fixture.BaseAddress.ToString());
        var guestId = await page.InputValueAsync("#guestId");
        if (!javaScript)
        {
            // Without script a refused post is a 303 to the form with its errors. (With script, the fetch's deliberate
            // 400 is logged by Chromium as "Failed to load resource", a network note rather than a page fault.)
            await FillAsync(page, "grace-at-example");
            await page.ClickAsync("#profile-form button[type=submit]");
            await page.Locator(".field:has(#email) .error").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        }

        await FillAsync(page, Email);
        await page.ClickAsync("#profile-form button[type=submit]");
        await page.Locator("#received table").WaitForAsync();
        await page.GotoAsync(new Uri(_fixture.BaseAddress, "/demo/result").ToString());
        await page.GotoAsync(new Uri(_fixture.BaseAddress, $"/demo/guests/{guestId}").ToString());
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(errors);
        Assert.DoesNotContain(requested, url => url.EndsWith("/favicon.ico", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_result_page_without_a_submission_does_not_say_saved()
    {
        await using var context = await NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(_fixture.BaseAddress, "/demo/result?guestId=11111111-2222-4333-8444-555555555555").ToString());

        Assert.Equal("No update to show", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".result-success").CountAsync());
    }

    private Task<IBrowserContext> NewContextAsync(bool javaScript) =>
        _fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1000, Height = 900 },
        });

    private static async Task FillAsync(IPage page, string email)
    {
        await page.FillAsync("#name", Name);
        await page.FillAsync("#email", email);
        await page.FillAsync("#phone", Phone);
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name + ".png"), FullPage = true });
}
