using Microsoft.Extensions.Configuration.Memory;

namespace GuestSync.Emulator.Hosting;

/// <summary>Defaults for running the emulator on its own with <c>dotnet run</c>.</summary>
internal static class StandaloneHosting
{
    public const string DefaultUrl = "http://localhost:5090";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise, and keeps
    /// ASP.NET Core's per-request logs at Warning (it serves load benchmarks) unless configuration says otherwise.
    /// </summary>
    public static WebApplicationBuilder UseEmulatorStandaloneDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Lowest precedence: appsettings, environment and command line all override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
        });
        return builder;
    }
}
