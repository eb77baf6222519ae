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
    public static string AddTo(WebApplicationBuilder builder) => AddTo(builder, Folder);

    /// <summary>
    /// As <see cref="AddTo(WebApplicationBuilder)"/>, with the folder's file provider from <paramref name="folders"/>
    /// (folder, polling). When the OS refuses a file watcher (an <see cref="IOException"/>: on Linux the per-user inotify
    /// instances, shared by every process of the user, are used up) the file is watched by polling instead, so the
    /// gateway still starts and still reloads routes; a file that cannot be read fails the start as before.
    /// </summary>
    internal static string AddTo(WebApplicationBuilder builder, Func<string, bool, IFileProvider> folders)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(folders);
        var path = Locate(builder.Configuration[PathSetting], builder.Environment.ContentRootPath, AppContext.BaseDirectory);
        var directory = Path.GetDirectoryName(path)!;
        // One watcher for the one file, owned (and disposed) by the source below.
        var polling = false;
        var folder = folders(directory, polling);
        IConfigurationRoot file;
        try
        {
            try
            {
                file = Read(folder, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Most likely no watcher to be had (inotify limit): poll the file instead. If the file itself is
                // unreadable, the second read fails the same way and the start fails naming it.
                (folder as IDisposable)?.Dispose();
                polling = true;
                folder = folders(directory, polling);
                file = Read(folder, path);
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            (folder as IDisposable)?.Dispose();
            throw new GatewayStartException($"The route file '{path}' could not be read as JSON: {exception.Message}", exception);
        }

        var others = OtherSections(file);
        if (others.Count > 0)
        {
            (file as IDisposable)?.Dispose();
            (folder as IDisposable)?.Dispose();
            throw new GatewayStartException(
                $"The route file '{path}' may only contain the \"{Section}\" section, but it also has {string.Join(", ", others.Select(o => $"\"{o}\""))}. " +
                "Move those settings to appsettings.json, environment variables or another configuration source: the route file can change routes, nothing else.");
        }

        ((IConfigurationBuilder)builder.Configuration).Add(new RouteFileSource(file, folder));
        builder.Services.AddSingleton(new RouteFileLocation(path, polling));
        return path;
    }

    private static IConfigurationRoot Read(IFileProvider folder, string path) =>
        new ConfigurationBuilder().AddJsonFile(folder, Path.GetFileName(path), optional: false, reloadOnChange: true).Build();

    private static PhysicalFileProvider Folder(string directory, bool polling) =>
        new(directory) { UsePollingFileWatcher = polling, UseActivePolling = polling };

    /// <summary>Says at start which route file is in force.</summary>
    public static void LogLocation(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<RouteFileLocation>() is { } location)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxyConfigFile).FullName!);
            Log.RouteFile(logger, location.Path);
            if (location.Polling)
            {
                Log.Polling(logger, location.Path);
            }
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

    internal sealed record RouteFileLocation(string Path, bool Polling);

    /// <summary>The route file as a configuration source that shows only its <c>ReverseProxy</c> keys, reloaded with the file.</summary>
    private sealed class RouteFileSource(IConfigurationRoot file, IFileProvider folder) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new RouteFileProvider(file, folder);
    }

    private sealed class RouteFileProvider : ConfigurationProvider, IDisposable
    {
        private readonly IConfigurationRoot _file;
        private readonly IFileProvider _folder;
        private readonly IDisposable _subscription;

        public RouteFileProvider(IConfigurationRoot file, IFileProvider folder)
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
            (_folder as IDisposable)?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Routes are read from {RouteFile} (only its ReverseProxy section; reloaded on change)")]
        public static partial void RouteFile(ILogger logger, string routeFile);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "The OS refused a file watcher for {RouteFile} (on Linux: fs.inotify.max_user_instances used up); the route file is polled every 4 s instead")]
        public static partial void Polling(ILogger logger, string routeFile);
    }
}
