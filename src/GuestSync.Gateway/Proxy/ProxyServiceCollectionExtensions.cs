using GuestSync.Gateway.Answers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace GuestSync.Gateway.Proxy;

/// <summary>Registers YARP with the routes from configuration, the profile-sync transform and the Genesys handlers.</summary>
internal static class ProxyServiceCollectionExtensions
{
    public const string SectionName = "ReverseProxy";

    public static IServiceCollection AddProfileSyncProxy(this IServiceCollection services, IConfiguration configuration)
    {
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
        return services;
    }
}
