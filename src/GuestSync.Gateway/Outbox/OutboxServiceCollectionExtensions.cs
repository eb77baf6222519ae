using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Outbox;

/// <summary>Registers the durable outbox: options, the store, the queue the live path calls, the deliverer and
/// the operator commands. An <see cref="IGenesysSender"/> must be registered by the caller (the live chain).</summary>
internal static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateOnStart();
        services.AddGatewayStoreOptions(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<OutboxMetrics>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxQueue>();
        services.TryAddSingleton<LiveSends>();
        services.TryAddSingleton<DeliveryPauses>();
        services.TryAddSingleton<OutboxAdmin>();
        services.TryAddSingleton<IOutboxStore>(CreateStore);
        services.AddHostedService<OutboxStoreInitializer>();
        services.AddHostedService<OutboxDeliverer>();
        return services;
    }

    /// <summary>The store's options (<c>Store:*</c>, <c>ConnectionStrings:GuestSync</c>), validated at start. Every
    /// feature that keeps data in the store calls this; registering twice binds the same values.</summary>
    public static IServiceCollection AddGatewayStoreOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .Configure(store =>
            {
                store.ConnectionString = configuration.GetConnectionString(StoreOptions.ConnectionStringName);
                store.DataFolder = DataFolder(configuration);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        return services;
    }

    /// <summary><c>GUESTSYNC_DATA</c> when set, else <c>data</c> under the content root.</summary>
    public static string DataFolder(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[StoreOptions.DataFolderVariable] is { Length: > 0 } folder)
        {
            return folder;
        }

        var contentRoot = configuration[HostDefaults.ContentRootKey] is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
        return Path.Combine(contentRoot, "data");
    }

    private static IOutboxStore CreateStore(IServiceProvider services)
    {
        var store = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var delivery = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        return store.Provider switch
        {
            StoreProvider.Sqlite => new SqliteOutboxStore(store.EffectiveConnectionString, delivery.MaxPending,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SqliteOutboxStore>>()),
            StoreProvider.Postgres => new PostgresOutboxStore(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), delivery.MaxPending,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<PostgresOutboxStore>>()),
            _ => throw new InvalidOperationException($"Store:Provider {store.Provider} is not available in this build; use Sqlite or Postgres."),
        };
    }
}
