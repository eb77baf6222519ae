using GuestSync.Gateway.Answers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace GuestSync.Gateway.Proxy;

/// <summary>Registers YARP with the routes from configuration, the profile-sync transform and the Genesys handlers.</summary>
internal static class ProxyServiceCollectionExtensions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>
    /// YARP's forwarder logs every outgoing URL at Information (the URL names the guest) and every failed send at Warning
    /// with the exception and its stack trace: a line per post while the token endpoint is down. Every failure of a
    /// forwarded submission is told once, without a stack trace, where it is decided (the token client, the breaker,
    /// <see cref="UpstreamAnswer"/>) and by the submission's line (<see cref="SubmissionLog"/>), so only the forwarder's
    /// errors pass.
    /// </summary>
    private const string ForwarderCategory = "Yarp.ReverseProxy.Forwarder.HttpForwarder";

    public static IServiceCollection AddProfileSyncProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PlainFormFailures>();
        services.AddSingleton<AnswerWriter>();
        services.AddSingleton<SubmissionLog>();
        services.AddSingleton<UpstreamAnswer>();
        services.AddSingleton<ProfileSyncHandler>();
        services.AddSingleton<OutboxAdmission>();
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection(SectionName))
            .AddTransformFactory<GuestProfilePatchTransformFactory>()
            .AddConfigFilter<GenesysClusterConfigFilter>();
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>());
        services.AddLogging(logging => logging.AddFilter(ForwarderCategory, LogLevel.Error));
        return services;
    }
}
