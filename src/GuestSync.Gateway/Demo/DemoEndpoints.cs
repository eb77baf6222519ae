using GuestSync.Gateway.Demo;
using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Sandbox;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The demo page at <c>/</c>, its result page, and in sandbox mode the "what Genesys received" view.</summary>
internal static class DemoEndpoints
{
    /// <summary>
    /// Maps the demo when it is on (<see cref="DemoOptions.Enabled"/>; by default only in sandbox mode):
    /// <c>GET /</c> the form, <c>GET /demo/result</c> the page a plain HTML post is redirected to, the page's
    /// assets under <c>/demo/assets/</c>, and in sandbox mode only <c>GET /demo/guests/{guestId}</c> and
    /// <c>POST /demo/outage</c> (the emulator's outage switch, <see cref="DemoOutage"/>).
    /// When the demo is off nothing is mapped, so each of these answers 404.
    /// </summary>
    public static WebApplication MapSandboxDemo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Checked at start (DemoOptionsValidator): a live demo that could not post has failed the start already.
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        var sandbox = app.Services.GetService<SandboxRuntime>() is not null;
        if (!(options.Enabled ?? sandbox))
        {
            return app;
        }

        var flash = new DemoFormFlash();
        var tokens = app.Services.GetRequiredService<DemoBindingTokens>();
        app.UseMiddleware<DemoHtmlPostMiddleware>(options.FormAction, flash);
        app.MapGet("/", (HttpContext context, string? form) =>
        {
            var state = flash.Read(context.Request, form) ?? DemoFormState.New();
            return DemoHtml.WriteAsync(context, StatusCodes.Status200OK, DemoFormPage.Render(
                state, options.FormAction, sandbox, DemoSubmissionKey.FieldName(context), Outage(context), tokens.MintFor(state.Values.GetValueOrDefault("guestId"))));
        });
        app.MapGet(SandboxHostingExtensions.DemoResultPath, async (HttpContext context, string? guestId, string? receipt) =>
        {
            var queued = await IsQueuedAsync(context, guestId);
            var received = queued ? null : ReceivedSection(context, guestId);
            var saved = !queued && (flash.IsReceiptFor(receipt, guestId) || HoldsGuest(context, guestId));
            await DemoHtml.WriteAsync(context, StatusCodes.Status200OK,
                DemoResultPage.Render(guestId, saved ? received : null, sandbox, queued ? DemoResult.Queued : saved ? DemoResult.Saved : DemoResult.Unknown));
        });
        app.MapGet(DemoAssets.StylePath, DemoAssets.StyleResult);
        app.MapGet(DemoAssets.ScriptPath, DemoAssets.ScriptResult);
        if (sandbox)
        {
            app.MapGet("/demo/guests/{guestId}", (HttpContext context, string guestId, SandboxRuntime runtime, SandboxValueDecryptor decryptor) =>
            {
                var guest = runtime.Emulator.GetGuest(guestId);
                return DemoHtml.WriteAsync(context, guest is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK, ReceivedGuestView.RenderPage(guestId, guest, decryptor));
            });
            app.MapPost(DemoOutage.Path, async (HttpContext context, DemoOutage outage) =>
            {
                var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
                if (form is null || !bool.TryParse(form[DemoOutage.FieldName].ToString(), out var on))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Say on=true or on=false.");
                }

                outage.Switch(on);
                // Back to the form (303, so a reload does not post again); demo.js asks for JSON and stays on the page.
                context.Response.Headers.Location = "/";
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            });
        }

        return app;
    }

    /// <summary>Whether this gateway runs as a sandbox (and may show what the emulator received).</summary>
    internal static bool IsSandbox(HttpContext context) => context.RequestServices.GetService<SandboxRuntime>() is not null;

    /// <summary>Whether the sandbox's emulator holds the guest (live, nothing can be checked here: false).</summary>
    private static bool HoldsGuest(HttpContext context, string? guestId) =>
        !string.IsNullOrEmpty(guestId) && context.RequestServices.GetService<SandboxRuntime>() is { } runtime && runtime.Emulator.GetGuest(guestId) is not null;

    /// <summary>The outage switch's state in sandbox mode; null when live (no switch).</summary>
    private static bool? Outage(HttpContext context) => context.RequestServices.GetService<DemoOutage>()?.On;

    /// <summary>Whether the guest's latest submission of the demo's profile (json-patch, default org) still waits in the outbox.</summary>
    private static async Task<bool> IsQueuedAsync(HttpContext context, string? guestId)
    {
        if (string.IsNullOrEmpty(guestId) || context.RequestServices.GetService<OutboxQueue>() is not { } queue)
        {
            return false;
        }

        try
        {
            return await queue.HasPendingAsync(GenesysOptions.DefaultOrgName, PatchBuilder.GuestsPathPrefix + Uri.EscapeDataString(guestId), context.RequestAborted);
        }
        catch (OutboxUnavailableException)
        {
            return false;
        }
    }

    private static string? ReceivedSection(HttpContext context, string? guestId)
    {
        var runtime = context.RequestServices.GetService<SandboxRuntime>();
        return runtime is null || string.IsNullOrEmpty(guestId)
            ? null
            : ReceivedGuestView.RenderSection(guestId, runtime.Emulator.GetGuest(guestId), context.RequestServices.GetRequiredService<SandboxValueDecryptor>());
    }
}
