using GuestSync.Gateway.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>The real gateway in TestServer, configured by settings exactly as an operator would.</summary>
internal sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _timeProvider;
    private readonly string _environment;
    private readonly string? _settingsFile;
    private readonly Action<IServiceCollection>? _testServices;

    /// <param name="settingsFile">A JSON settings file watched like appsettings.json (reloadable settings are changed through it).</param>
    /// <param name="testServices">Runs after the gateway's own registrations (e.g. tracing with an in-memory exporter).</param>
    public GatewayFactory(IReadOnlyDictionary<string, string?> settings, TimeProvider? timeProvider = null, string environment = "Testing", string? settingsFile = null,
        Action<IServiceCollection>? testServices = null)
    {
        _testServices = testServices;
        _settingsFile = settingsFile;
        _settings = settings;
        _timeProvider = timeProvider;
        _environment = environment;
    }

    private string? _ownData;

    public CapturingLoggerProvider Logs { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownData is not null)
        {
            try
            {
                Directory.Delete(_ownData, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans temp.
            }
        }
    }

    /// <summary>The outbox's data folder: <c>GUESTSYNC_DATA</c> from the settings, else a fresh folder of this factory's own.</summary>
    public string DataFolder { get; private set; } = "";

    /// <summary>
    /// A start that fails the gateway's start check returns from <c>Program</c> with exit code 1 (the process prints the
    /// message); under this factory that failure is raised here, as the process's exit would be.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (host.Services.GetService<GatewayStartProblems>()?.Failure is { } failure)
        {
            host.Dispose();
            throw failure;
        }

        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        if (!_settings.TryGetValue("GUESTSYNC_DATA", out var data) || string.IsNullOrEmpty(data))
        {
            // Every gateway gets its own store unless the test shares one on purpose (restart tests).
            data = _ownData ??= Directory.CreateTempSubdirectory("guestsync-data-").FullName;
            builder.UseSetting("GUESTSYNC_DATA", data);
        }

        DataFolder = data;
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_settingsFile is not null)
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddJsonFile(_settingsFile, optional: true, reloadOnChange: true));
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services =>
        {
            if (_timeProvider is not null)
            {
                services.Replace(ServiceDescriptor.Singleton(_timeProvider));
            }
        });
        if (_testServices is not null)
        {
            builder.ConfigureTestServices(_testServices);
        }
    }
}
