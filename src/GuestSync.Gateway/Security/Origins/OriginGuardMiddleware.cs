using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Security.Origins;

/// <summary>
/// Refuses (403) a browser's cross-site post to a profile-sync route from an origin the profile does not list,
/// judged by <c>Origin</c>, else <c>Referer</c>, else <c>Sec-Fetch-Site</c>. Requests that carry none of them
/// are not from a browser page and are left to the binding token.
/// </summary>
internal sealed partial class OriginGuardMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ReloadableSettings<GatewayProfilesOptions, ProfileSet> _profiles;
    private readonly AnswerWriter _answers;
    private readonly ILogger<OriginGuardMiddleware> _logger;

    public OriginGuardMiddleware(RequestDelegate next, ReloadableSettings<GatewayProfilesOptions, ProfileSet> profiles, AnswerWriter answers, ILogger<OriginGuardMiddleware> logger)
    {
        _answers = answers ?? throw new ArgumentNullException(nameof(answers));
        _next = next ?? throw new ArgumentNullException(nameof(next));
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !ProfileRoutes.TryGetProfileName(context, out var profileName)
            || IsAllowed(request, profileName))
        {
            return _next(context);
        }

        Log.Refused(_logger, profileName);
        return _answers.WriteAsync(context, SyncAnswer.CrossSite());
    }

    private bool IsAllowed(HttpRequest request, string profileName)
    {
        var headers = request.Headers;
        string? claimed;
        if (headers.Origin.Count > 0)
        {
            claimed = headers.Origin.Count == 1 ? OriginList.Normalize(headers.Origin[0]) : null;
        }
        else if (headers.Referer.Count > 0)
        {
            claimed = headers.Referer.Count == 1 ? OriginList.Normalize(headers.Referer[0]) : null;
        }
        else
        {
            // A browser that names no origin: trust its own verdict when it gives one.
            var site = headers["Sec-Fetch-Site"].ToString();
            return site.Length == 0 || site is "same-origin" or "none";
        }

        if (claimed is null)
        {
            // A page served with Referrer-Policy: no-referrer makes the browser send "Origin: null" even for its own
            // form posts; the browser's Sec-Fetch-Site (which page script cannot set) then says same-origin.
            // Any other "null" (sandboxed frames, file: pages), repeated or unparseable origin is refused.
            return headers.Origin.Count == 1 && headers.Origin[0] == "null" && headers["Sec-Fetch-Site"].ToString() == "same-origin";
        }

        var own = OriginList.Normalize($"{request.Scheme}://{request.Host}");
        return string.Equals(claimed, own, StringComparison.Ordinal)
            || (_profiles.Current.TryGet(profileName, out var profile) && profile.AllowedOrigins.Contains(claimed));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6200, Level = LogLevel.Debug, Message = "Cross-site post to profile {Profile} refused: origin not allowed")]
        public static partial void Refused(ILogger logger, string profile);
    }
}
