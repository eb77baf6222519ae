using GuestSync.Emulator;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Sandbox;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The sandbox: what the gateway does when no Genesys organization is configured.</summary>
internal static class SandboxHostingExtensions
{
    /// <summary>Where the sandbox sends a plain HTML post after a sync, unless the default profile names a <c>SuccessUrl</c>.</summary>
    internal const string DemoResultPath = "/demo/result";

    /// <summary>
    /// With no connection settings for the default Genesys organization: in <c>Production</c> the start fails saying
    /// what to set (listed with every other problem by the start check); in any other environment an in-process Genesys emulator is started on a loopback port, the default
    /// org is pointed at it with a client secret made for this run, an ephemeral encryption key is made unless one is
    /// configured, and a banner says so. With connection settings it does nothing: the gateway is live.
    /// Call it after every configuration source is added.
    /// </summary>
    public static WebApplicationBuilder AddSandboxWhenNoCredentials(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!SandboxSettings.IsSandbox(builder.Configuration))
        {
            return builder;
        }

        if (builder.Environment.IsProduction())
        {
            // No sandbox: the start check lists what is missing (Genesys, encryption, binding, …) with this explanation.
            GuestSync.Gateway.Hosting.GatewayStartProblems.For(builder).Notes.Add(SandboxSettings.ProductionMessage);
            return builder;
        }

        var keys = SandboxSettings.HasNoKeySet(builder.Configuration) ? SandboxKeys.Create() : null;
        var clientSecret = SandboxSettings.NewClientSecret();
        var emulator = StartEmulator(new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = SandboxSettings.ClientId, ClientSecret = clientSecret }],
            CreateGuestsOnFirstWrite = true,
            AdminApiEnabled = false,
        });

        // Added last, so these win over the (empty) configured values, and before options are validated at start.
        var sandboxSettings = SandboxSettings.For(emulator.BaseAddress, clientSecret, keys);
        if (string.IsNullOrWhiteSpace(builder.Configuration[SandboxSettings.RetryMaxDelaySetting]))
        {
            // The demo's outage switch: once it is off, the backlog goes within seconds, not after a 5-minute backoff.
            sandboxSettings[SandboxSettings.RetryMaxDelaySetting] = SandboxSettings.RetryMaxDelay;
        }

        builder.Configuration.AddInMemoryCollection(sandboxSettings);
        var keyId = keys?.ActiveKeyId ?? builder.Configuration[$"{EncryptionOptions.SectionName}:{nameof(EncryptionOptions.ActiveKeyId)}"] ?? "(the key set's \"active\" member)";

        var services = builder.Services;
        // Registered through a factory so the container owns it: once resolved (MapSandboxDemo does, before the start),
        // the emulator is disposed with the host even when the start fails and SandboxLifetime never runs.
        var runtime = new SandboxRuntime(emulator, keyId, ephemeralKey: keys is not null);
        services.AddSingleton(_ => runtime);
        services.AddHostedService<SandboxLifetime>();
        services.AddSingleton<SandboxValueDecryptor>();
        services.AddSingleton<GuestSync.Gateway.Demo.DemoOutage>();
        // A PostConfigure runs after every Configure, so the default profile (configured or built in) is there.
        services.AddOptions<GatewayProfilesOptions>().PostConfigure(options =>
        {
            if (options.Profiles.TryGetValue(ProfileDefaults.ProfileName, out var profile) && profile is not null)
            {
                profile.SuccessUrl ??= DemoResultPath;
            }
        });
        return builder;
    }

    /// <summary>
    /// Starts the emulator, a host of its own, outside the caller's execution context: whatever watches for the
    /// gateway's host being built (WebApplicationFactory's host resolver tracks the entry point's async flow) must not
    /// take the emulator's host for the gateway's. The start happens once, before the gateway is built, so blocking is fine.
    /// </summary>
    private static GenesysEmulator StartEmulator(EmulatorOptions options)
    {
        Task<GenesysEmulator> start;
        using (ExecutionContext.SuppressFlow())
        {
            start = Task.Run(() => GenesysEmulator.StartAsync(options));
        }

        return start.GetAwaiter().GetResult();
    }
}
