namespace GuestSync.Emulator.Hosting;

/// <summary>Defaults for running the emulator on its own with <c>dotnet run</c>.</summary>
internal static class StandaloneHosting
{
    public const string DefaultUrl = "http://localhost:5090";

    /// <summary>Listens on <see cref="DefaultUrl"/> unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public static WebApplicationBuilder UseEmulatorDefaultUrl(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }
}
