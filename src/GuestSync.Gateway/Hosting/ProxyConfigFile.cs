namespace GuestSync.Gateway.Hosting;

/// <summary>
/// Where the routes live: <c>proxy.json</c> beside the working directory unless <c>ProxyConfigPath</c> says
/// otherwise. Reloaded on change, so a site is added by editing it, without a restart.
/// </summary>
internal static class ProxyConfigFile
{
    public const string PathSetting = "ProxyConfigPath";
    public const string DefaultPath = "proxy.json";

    public static void AddTo(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[PathSetting];
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
        var fullPath = Path.GetFullPath(path, builder.Environment.ContentRootPath);
        if (!File.Exists(fullPath))
        {
            throw new InvalidOperationException(
                $"The route file '{fullPath}' does not exist: run from the folder that holds proxy.json, or set {PathSetting} to its path.");
        }

        builder.Configuration.AddJsonFile(fullPath, optional: false, reloadOnChange: true);
    }
}
