using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GuestSync.Gateway.Fleet;

/// <summary>
/// With <c>Store:Provider=Postgres</c>: one <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:GuestSync</c>, the schema
/// migrated at start (a database it cannot use fails the start naming the setting), and the fleet-wide token, budget,
/// cool-down and in-flight leases that the token cache, the resilience pipeline and the live path use. With SQLite
/// (the default) nothing is registered and every replica works on its own, as a single gateway does.
/// </summary>
internal static class FleetServiceCollectionExtensions
{
    public static bool UsesPostgres(IConfiguration configuration) =>
        string.Equals(configuration[$"{StoreOptions.SectionName}:Provider"], nameof(StoreProvider.Postgres), StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddGatewayFleet(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!UsesPostgres(configuration))
        {
            return services;
        }

        services.AddOptions<FleetOptions>().Bind(configuration.GetSection(FleetOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => PostgresDataSource.Create(configuration.GetConnectionString(StoreOptions.ConnectionStringName)));
        services.TryAddSingleton(sp => new FleetStoreHealth(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<FleetOptions>>().Value.RetryInterval,
            sp.GetRequiredService<ILogger<FleetStoreHealth>>()));
        services.TryAddSingleton<IFleetTokenStore, PostgresFleetTokenStore>();
        services.TryAddSingleton<PostgresFleetLimits>();
        services.TryAddSingleton<IFleetBudget>(sp => sp.GetRequiredService<PostgresFleetLimits>());
        services.TryAddSingleton<IFleetCoolDown>(sp => sp.GetRequiredService<PostgresFleetLimits>());
        services.TryAddSingleton<IFleetInFlight, PostgresFleetInFlight>();
        services.TryAddSingleton<FleetLiveKeys>();

        // Before any other hosted service (the outbox deliverer among them): the schema exists before anything uses it.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PostgresSchemaInitializer>());
        services.AddHealthChecks().AddCheck<FleetStoreReadinessCheck>("store", tags: [Health.GenesysReadinessCheck.Tag]);
        return services;
    }
}
