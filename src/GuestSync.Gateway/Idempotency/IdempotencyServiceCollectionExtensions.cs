using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GuestSync.Gateway.Idempotency;

/// <summary>Registers idempotency keys: options, the store (the outbox's engine and connection), the gate the
/// profile-sync handler calls, the start-time store check and the background sweep.</summary>
internal static class IdempotencyServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddGatewayStoreOptions(configuration);
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => PostgresDataSource.Create(sp.GetRequiredService<IOptions<StoreOptions>>().Value.ConnectionString));
        services.TryAddSingleton<IIdempotencyStore>(CreateStore);
        services.TryAddSingleton(sp =>
            new IdempotencyFingerprints(IdempotencyOptionsValidator.FingerprintKey(sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value, [])));
        services.TryAddSingleton<IdempotencyGate>();
        services.AddHostedService<IdempotencyStoreInitializer>();
        services.AddHostedService<IdempotencySweeper>();
        return services;
    }

    private static IIdempotencyStore CreateStore(IServiceProvider services)
    {
        var store = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        return store.Provider == StoreProvider.Postgres
            ? new PostgresIdempotencyStore(services.GetRequiredService<NpgsqlDataSource>())
            : new SqliteIdempotencyStore(store.EffectiveConnectionString);
    }
}
