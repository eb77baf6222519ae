using GuestSync.Gateway.Genesys;
using System.Net.Mime;
using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Idempotency;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Security;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// The profile-sync work of a route: read and validate the post, encrypt and build the request, point YARP's
/// outgoing request at it (method, path, body: PATCH a guest or contact, POST an enrich), or queue it at once (see
/// <see cref="OutboxAdmission"/>); afterwards answer the browser from what Genesys said, queueing the submission
/// when Genesys could not take it now.
/// </summary>
internal sealed partial class ProfileSyncHandler
{
    private readonly ReloadableSettings<GatewayProfilesOptions, ProfileSet> _profiles;
    private readonly FormReader _reader;
    private readonly SubmissionValidator _validator;
    private readonly PatchBuilder _builder;
    private readonly UpstreamAnswer _upstream;
    private readonly AnswerWriter _answers;
    private readonly ProfileSyncGuard _guard;
    private readonly OutboxAdmission _admission;
    private readonly TimeProvider _timeProvider;
    private readonly IdempotencyGate _idempotency;
    private readonly ILogger<ProfileSyncHandler> _logger;

    public ProfileSyncHandler(
        ReloadableSettings<GatewayProfilesOptions, ProfileSet> profiles,
        FormReader reader,
        SubmissionValidator validator,
        PatchBuilder builder,
        UpstreamAnswer upstream,
        AnswerWriter answers,
        ProfileSyncGuard guard,
        OutboxAdmission admission,
        TimeProvider timeProvider,
        IdempotencyGate idempotency,
        ILogger<ProfileSyncHandler> logger)
    {
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _builder = builder ?? throw new ArgumentNullException(nameof(builder));
        _upstream = upstream ?? throw new ArgumentNullException(nameof(upstream));
        _answers = answers ?? throw new ArgumentNullException(nameof(answers));
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _admission = admission ?? throw new ArgumentNullException(nameof(admission));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _idempotency = idempotency ?? throw new ArgumentNullException(nameof(idempotency));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async ValueTask PrepareAsync(string profileName, RequestTransformContext context)
    {
        var http = context.HttpContext;
        if (await AcceptAsync(profileName, http) is not { } accepted)
        {
            return;
        }

        // Edits of one guest are ordered by when they were accepted, not by when (or whether) they reached the outbox.
        var acceptedAt = _timeProvider.GetUtcNow();
        var (profile, submission) = accepted;
        var patch = _builder.Build(submission, profile.Options);
        var queued = OrgOf(http) is { } org
            ? new OutboxSubmission(org, patch.ResourceKey, profileName, submission.GuestId,
                new OutboxRequest(patch.Method.Method, patch.PathAndQuery, patch.ContentType, patch.Body), acceptedAt, http.TraceIdentifier)
            : null;
        LiveAttempt? live = null;
        if (queued is not null)
        {
            (live, var answer) = await _admission.StartAsync(queued, profile.Options);
            if (answer is not null)
            {
                await _answers.WriteAsync(http, answer);
                return;
            }

            http.Response.RegisterForDispose(live!);
        }

        var outgoing = context.ProxyRequest;
        outgoing.Method = patch.Method;
        outgoing.RequestUri = new Uri(string.Concat(context.DestinationPrefix.AsSpan().TrimEnd('/'), patch.PathAndQuery), UriKind.Absolute);
        // As text, replacing the browser's: a typed header would be a new object per request, formatted again on each send.
        outgoing.Headers.Remove(HeaderNames.Accept);
        outgoing.Headers.TryAddWithoutValidation(HeaderNames.Accept, MediaTypeNames.Application.Json);
        outgoing.Options.Set(UpstreamBody.OptionsKey, new UpstreamBody(patch.Body, patch.ContentType));
        if (live is not null)
        {
            outgoing.Options.Set(SendStop.OptionsKey, live.Stop);
        }

        if (SubmissionRecord.Of(http) is { } record)
        {
            record.Forwarded = true;
            outgoing.Options.Set(UpstreamSends.OptionsKey, record.Sends);
        }

        http.Features.Set(new ProfileSyncFeature(profileName, profile.Options, submission.GuestId) { Submission = queued, Live = live });
    }

    public async ValueTask AnswerAsync(ResponseTransformContext context)
    {
        if (context.HttpContext.Features.Get<ProfileSyncFeature>() is not { } sync)
        {
            // The request transform answered the browser itself; nothing was sent upstream.
            return;
        }

        context.SuppressResponseBody = true;
        var answer = await _upstream.DecideAsync(context.HttpContext, context.ProxyResponse, sync);
        if (answer.MayPass && sync.Submission is { } submission)
        {
            SubmissionRecord.Of(context.HttpContext)?.QueuedAfter = answer.Title;
            answer = await _admission.QueueAfterAsync(submission, sync.Profile, answer);
        }

        // After the enqueue: the deliverer may send this guest only once the live send is over.
        sync.Live?.Dispose();
        await _answers.WriteAsync(context.HttpContext, answer);
    }

    /// <summary>The Genesys organization of the route's cluster (<c>"Metadata": { "GenesysOrg": … }</c>).</summary>
    private static string? OrgOf(HttpContext http) =>
        GenesysClusterMetadata.TryGetOrg(http.Features.Get<IReverseProxyFeature>()?.Cluster.Config.Metadata, out var org) ? org : null;

    /// <summary>The profile and the validated, authorized submission; otherwise null, the refusal written.</summary>
    private async ValueTask<(Profile Profile, Submission Submission)?> AcceptAsync(string profileName, HttpContext http)
    {
        if (!FormReader.IsAllowedMethod(http.Request.Method))
        {
            await _answers.WriteAsync(http, SyncAnswer.Invalid(FormReader.MethodNotAllowed()));
            return null;
        }

        if (!_profiles.Current.TryGet(profileName, out var profile))
        {
            Log.ProfileMissing(_logger, profileName);
            await _answers.WriteAsync(http, SyncAnswer.Unavailable("Profile sync is not configured", TimeSpan.FromSeconds(30), detail: null));
            return null;
        }

        var read = await _reader.ReadAsync(http.Request, profile.Options.Limits, _guard.BodyReadTimeout, _timeProvider, http.RequestAborted);
        if (read.Problem is { } unreadable)
        {
            await InvalidAsync(http, profileName, unreadable);
            return null;
        }

        // The scarce gateway-wide permit is taken only now that the body is in, never while a client trickles it.
        if (_guard.Enter(http) is { } busy)
        {
            await _answers.WriteAsync(http, busy);
            return null;
        }

        var key = IdempotencyKeyReader.Read(http.Request, read.Fields, profile.Options.IdempotencyField);
        if (key.Problem is { } badKey)
        {
            await InvalidAsync(http, profileName, badKey);
            return null;
        }

        var validation = _validator.Validate(read.Fields, profile.Options);
        if (validation.Submission is not { } submission)
        {
            await InvalidAsync(http, profileName, validation.Problem!);
            return null;
        }

        SubmissionRecord.Of(http)?.GuestId = submission.GuestId;

        if (await _guard.AuthorizeAsync(http, profile, submission.GuestId, read.Fields) is { } refused)
        {
            await _answers.WriteAsync(http, refused);
            return null;
        }

        return key.Key is { } idempotencyKey && !await KeyAllowsAsync(http, profile, submission, idempotencyKey) ? null : (profile, submission);
    }

    /// <summary>Claims the key (true: go on, the answer will be kept), or answers with the kept answer or a refusal.</summary>
    private async ValueTask<bool> KeyAllowsAsync(HttpContext http, Profile profile, Submission submission, string key)
    {
        var decision = await _idempotency.BeginAsync(http, profile.Name, submission, key);
        if (decision.Replay is { } kept)
        {
            // As for an answer from upstream, so the page that posted gets the same treatment (e.g. the demo's redirect).
            http.Features.Set(new ProfileSyncFeature(profile.Name, profile.Options, submission.GuestId));
            await _answers.ReplayAsync(http, kept);
            return false;
        }

        if (decision.Refusal is { } refusal)
        {
            await _answers.WriteAsync(http, refusal);
            return false;
        }

        return true;
    }

    private Task InvalidAsync(HttpContext http, string profileName, FormProblem problem)
    {
        Log.Rejected(_logger, profileName, problem.Status);
        return _answers.WriteAsync(http, SyncAnswer.Invalid(problem));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "Profile sync submission rejected by profile {Profile} with {Status}")]
        public static partial void Rejected(ILogger logger, string profile, int status);

        [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Profile {Profile} is no longer configured; the route cannot sync")]
        public static partial void ProfileMissing(ILogger logger, string profile);
    }
}
