using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// Where the routes live, and the only thing they may set. The route file is <c>ProxyConfigPath</c> when set;
/// otherwise the first <c>proxy.json</c> in the content root (the working directory) or beside the gateway's own
/// binaries (the build and <c>dotnet publish</c> copy the repository's <c>proxy.json</c> there). It is reloaded on
/// change, but only its <c>ReverseProxy</c> section ever reaches the configuration: a route file cannot change
/// Genesys hosts, credentials, keys or binding. A file with any other top-level section fails the start.
/// </summary>
internal static partial class ProxyConfigFile
{
    public const string PathSetting = "ProxyConfigPath";
    public const string FileName = "proxy.json";
    public const string Section = "ReverseProxy";

    /// <summary>Adds the route file's <c>ReverseProxy</c> section as a configuration source; returns the file's full path.</summary>
    public static string AddTo(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var path = Locate(builder.Configuration[PathSetting], builder.Environment.ContentRootPath, AppContext.BaseDirectory);
        // One watcher for the one file, owned (and disposed) by the source below.
        var folder = new PhysicalFileProvider(Path.GetDirectoryName(path)!);
        IConfigurationRoot file;
        try
        {
            file = new ConfigurationBuilder().AddJsonFile(folder, Path.GetFileName(path), optional: false, reloadOnChange: true).Build();
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            folder.Dispose();
            throw new GatewayStartException($"The route file '{path}' could not be read as JSON: {exception.Message}", exception);
        }

        var others = OtherSections(file);
        if (others.Count > 0)
        {
            (file as IDisposable)?.Dispose();
            folder.Dispose();
            throw new GatewayStartException(
                $"The route file '{path}' may only contain the \"{Section}\" section, but it also has {string.Join(", ", others.Select(o => $"\"{o}\""))}. " +
                "Move those settings to appsettings.json, environment variables or another configuration source: the route file can change routes, nothing else.");
        }

        ((IConfigurationBuilder)builder.Configuration).Add(new RouteFileSource(file, folder));
        builder.Services.AddSingleton(new RouteFileLocation(path));
        return path;
    }

    /// <summary>Says at start which route file is in force.</summary>
    public static void LogLocation(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<RouteFileLocation>() is { } location)
        {
            Log.RouteFile(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxyConfigFile).FullName!), location.Path);
        }
    }

    internal static string Locate(string? configured, string contentRoot, string binaries)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured, contentRoot);
            return File.Exists(full)
                ? full
                : throw new GatewayStartException(
                    $"The route file '{full}' named by {PathSetting} does not exist. Set {PathSetting} to the path of your {FileName}.");
        }

        var candidates = new[] { contentRoot, binaries }
            .Select(folder => Path.GetFullPath(Path.Combine(folder, FileName)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new GatewayStartException(
                $"No route file: looked for {FileName} in {string.Join(" and ", candidates.Select(c => $"'{c}'"))}. " +
                $"Set {PathSetting} to the path of your {FileName} (e.g. {PathSetting}=/etc/guestsync/{FileName}).");
    }

    private static List<string> OtherSections(IConfiguration file) =>
        file.GetChildren().Select(c => c.Key).Where(k => !string.Equals(k, Section, StringComparison.OrdinalIgnoreCase)).ToList();

    private sealed record RouteFileLocation(string Path);

    /// <summary>The route file as a configuration source that shows only its <c>ReverseProxy</c> keys, reloaded with the file.</summary>
    private sealed class RouteFileSource(IConfigurationRoot file, PhysicalFileProvider folder) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new RouteFileProvider(file, folder);
    }

    private sealed class RouteFileProvider : ConfigurationProvider, IDisposable
    {
        private readonly IConfigurationRoot _file;
        private readonly PhysicalFileProvider _folder;
        private readonly IDisposable _subscription;

        public RouteFileProvider(IConfigurationRoot file, PhysicalFileProvider folder)
        {
            _file = file;
            _folder = folder;
            _subscription = ChangeToken.OnChange(file.GetReloadToken, () =>
            {
                Load();
                OnReload();
            });
        }

        public override void Load()
        {
            // Anything outside ReverseProxy in an edited file is ignored: it never becomes a setting.
            Data = _file.GetSection(Section).AsEnumerable()
                .Where(pair => pair.Value is not null)
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        }

        public void Dispose()
        {
            _subscription.Dispose();
            (_file as IDisposable)?.Dispose();
            _folder.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Routes are read from {RouteFile} (only its ReverseProxy section; reloaded on change)")]
        public static partial void RouteFile(ILogger logger, string routeFile);
    }
}
