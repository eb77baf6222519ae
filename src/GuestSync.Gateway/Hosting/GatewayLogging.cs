using Microsoft.Extensions.Logging.Console;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// The console log's shape, one setting: <c>Logging:Format</c> (<c>Logging__Format</c>) is <c>text</c> (default, .NET's
/// simple console lines) or <c>json</c>: one JSON object per line with its scopes, i.e. the request's <c>TraceId</c>,
/// <c>SpanId</c> and <c>ParentId</c> (the gateway's own ids; the browser's are never a parent), <c>RequestId</c> and
/// <c>RequestPath</c>, and UTC ISO 8601 timestamps. Trace and span ids are there with or without an OTLP endpoint.
/// </summary>
internal static class GatewayLogging
{
    public const string FormatSetting = "Logging:Format";

    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The host's default too; said here because the JSON lines depend on it.
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var format = builder.Configuration[FormatSetting];
        if (string.IsNullOrWhiteSpace(format) || string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }

        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "O";
            });
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = ConsoleFormatterNames.Json);
            return builder;
        }

        GatewayStartProblems.For(builder).Problems.Add($"{FormatSetting} must be text or json.");
        return builder;
    }
}
