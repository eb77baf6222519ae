namespace GuestSync.Gateway.Demo;

/// <summary>The demo page's stylesheet and script, embedded in the gateway so the page needs nothing from outside.</summary>
internal static class DemoAssets
{
    public const string StylePath = "/demo/assets/demo.css";
    public const string ScriptPath = "/demo/assets/demo.js";

    private static readonly Lazy<string> Style = new(() => Read("demo.css"));
    private static readonly Lazy<string> Script = new(() => Read("demo.js"));

    public static IResult StyleResult() => Results.Text(Style.Value, "text/css; charset=utf-8");

    public static IResult ScriptResult() => Results.Text(Script.Value, "text/javascript; charset=utf-8");

    private static string Read(string name)
    {
        var assembly = typeof(DemoAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream($"GuestSync.Gateway.Demo.Assets.{name}")
            ?? throw new InvalidOperationException($"The embedded demo asset '{name}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
