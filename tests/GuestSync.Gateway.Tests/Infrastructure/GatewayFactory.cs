using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>The real gateway in TestServer, configured by settings exactly as an operator would.</summary>
internal sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _timeProvider;
    private readonly string _environment;
    private readonly string? _settingsFile;

    /// <param name="settingsFile">A JSON settings file watched like appsettings.json (reloadable settings are changed through it).</param>
    public GatewayFactory(IReadOnlyDictionary<string, string?> settings, TimeProvider? timeProvider = null, string environment = "Testing", string? settingsFile = null)
    {
        _settingsFile = settingsFile;
        _settings = settings;
        _timeProvider = timeProvider;
        _environment = environment;
    }

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
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
    }
}
