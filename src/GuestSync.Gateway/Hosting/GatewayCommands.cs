using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// The gateway's operator verbs, run instead of the server: <c>--help</c> (the settings overview) and
/// <c>dotnet GuestSync.Gateway.dll outbox dead-letters|requeue &lt;id|all&gt;|purge &lt;id|all&gt;</c>. Reads the same settings as the gateway (appsettings,
/// environment, <c>--Key=value</c>), so it opens the same store; it initialises the store first (a corrupt file fails
/// naming it) and starts nothing else: no listener, no deliverer, no sandbox.
/// </summary>
internal static class GatewayCommands
{
    /// <summary>The exit code when <paramref name="args"/> name a verb; null when they do not (run the gateway).</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args is [var first, ..] && GatewaySettingsOverview.Verbs.Contains(first, StringComparer.OrdinalIgnoreCase))
        {
            // The overview, not a sandbox start: nothing is read, nothing listens.
            await output.WriteAsync(GatewaySettingsOverview.Text());
            return 0;
        }

        if (args is [HealthCheckCommand.Verb, ..])
        {
            return await HealthCheckCommand.RunAsync(args, output, cancellationToken);
        }

        if (args is not [OutboxCommand.Verb, ..])
        {
            return null;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddGatewayOutbox(builder.Configuration);
        builder.Services.AddSingleton<OutboxCommand>();
        using var host = builder.Build();
        try
        {
            var store = host.Services.GetRequiredService<IOutboxStore>();
            await store.InitializeAsync(cancellationToken);
            // Settings (--Key=value) are not the verb's arguments.
            string[] verbArgs = [.. args.Skip(1).Where(arg => !arg.StartsWith("--", StringComparison.Ordinal))];
            return await host.Services.GetRequiredService<OutboxCommand>().RunAsync(verbArgs, output, cancellationToken);
        }
        catch (OptionsValidationException invalid)
        {
            await output.WriteLineAsync(string.Join(Environment.NewLine, invalid.Failures));
            return 1;
        }
        catch (InvalidOperationException failed)
        {
            // The store's start failure names the file and ConnectionStrings:GuestSync, never a value.
            await output.WriteLineAsync(failed.Message);
            return 1;
        }
    }
}
