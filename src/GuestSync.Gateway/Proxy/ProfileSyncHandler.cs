using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Hosting;
using System.Net.Http.Headers;
using System.Net.Mime;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Problems;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Security;
using Yarp.ReverseProxy.Transforms;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// The profile-sync work of a route: read and validate the post, encrypt and build the patch, point YARP's
/// outgoing request at the guest; afterwards answer the browser from what Genesys said.
/// </summary>
internal sealed partial class ProfileSyncHandler
{
    private readonly ReloadableSettings<GatewayProfilesOptions, ProfileSet> _profiles;
    private readonly FormReader _reader;
    private readonly SubmissionValidator _validator;
    private readonly PatchBuilder _builder;
    private readonly UpstreamAnswer _answer;
    private readonly ProfileSyncGuard _guard;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ProfileSyncHandler> _logger;

    public ProfileSyncHandler(
        ReloadableSettings<GatewayProfilesOptions, ProfileSet> profiles,
        FormReader reader,
        SubmissionValidator validator,
        PatchBuilder builder,
        UpstreamAnswer answer,
        ProfileSyncGuard guard,
        GatewayMetrics metrics,
        ILogger<ProfileSyncHandler> logger)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _builder = builder ?? throw new ArgumentNullException(nameof(builder));
        _answer = answer ?? throw new ArgumentNullException(nameof(answer));
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async ValueTask PrepareAsync(string profileName, RequestTransformContext context)
    {
        var http = context.HttpContext;
        if (!FormReader.IsAllowedMethod(http.Request.Method))
        {
            await WriteAsync(http, FormReader.MethodNotAllowed());
            return;
        }

        if (!_profiles.Current.TryGet(profileName, out var profile))
        {
            Log.ProfileMissing(_logger, profileName);
            await GatewayProblems.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Profile sync is not configured", retryAfter: TimeSpan.FromSeconds(30));
            return;
        }

        var read = await _reader.ReadAsync(http.Request, profile.Options.Limits, http.RequestAborted);
        if (read.Problem is { } unreadable)
        {
            Log.Rejected(_logger, profileName, unreadable.Status);
            await WriteAsync(http, unreadable);
            return;
        }

        var validation = _validator.Validate(read.Fields, profile.Options);
        if (validation.Submission is not { } submission)
        {
            var invalid = validation.Problem!;
            Log.Rejected(_logger, profileName, invalid.Status);
            await WriteAsync(http, invalid);
            return;
        }

        if (!await _guard.AuthorizeAsync(http, profile, submission.GuestId, read.Fields))
        {
            _metrics.Submission("refused");
            return;
        }

        var patch = _builder.Build(submission, profile.Options);

        var outgoing = context.ProxyRequest;
        outgoing.Method = HttpMethod.Patch;
        outgoing.RequestUri = new Uri(context.DestinationPrefix.TrimEnd('/') + patch.PathAndQuery, UriKind.Absolute);
        outgoing.Headers.Accept.Clear();
        outgoing.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypeNames.Application.Json));
        outgoing.Options.Set(UpstreamBody.OptionsKey, new UpstreamBody(patch.Body, patch.ContentType));
        http.Features.Set(new ProfileSyncFeature(profileName, profile.Options, submission.GuestId));
    }

    private Task WriteAsync(HttpContext http, FormProblem problem)
    {
        _metrics.Submission("invalid");
        if (problem.Allow is { } allow)
        {
            http.Response.Headers.Allow = allow;
        }

        return GatewayProblems.WriteAsync(http, problem.Status, problem.Title, problem.Detail, problem.Errors);
    }

    public ValueTask AnswerAsync(ResponseTransformContext context)
    {
        if (context.HttpContext.Features.Get<ProfileSyncFeature>() is not { } sync)
        {
            // The request transform answered the browser itself; nothing was sent upstream.
            return ValueTask.CompletedTask;
        }

        context.SuppressResponseBody = true;
        return new ValueTask(_answer.WriteAsync(context.HttpContext, context.ProxyResponse, sync));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Profile sync submission rejected by profile {Profile} with {Status}")]
        public static partial void Rejected(ILogger logger, string profile, int status);

        [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Profile {Profile} is no longer configured; the route cannot sync")]
        public static partial void ProfileMissing(ILogger logger, string profile);
    }
}
