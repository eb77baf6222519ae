using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Tests.Outbox;

public sealed class OutboxServiceCollectionExtensionsTests
{
    [Fact]
    public void With_no_setting_the_store_is_sqlite_in_the_data_folder_with_the_documented_delivery_defaults()
    {
        using var services = Build(new() { ["GUESTSYNC_DATA"] = "/data" });

        var store = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var delivery = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;

        Assert.Equal((StoreProvider.Sqlite, "Data Source=/data/guestsync.db"), (store.Provider, store.EffectiveConnectionString));
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromHours(24)), (delivery.MaxWait, delivery.MaxAge));
        Assert.IsType<SqliteOutboxStore>(services.GetRequiredService<IOutboxStore>());
    }

    [Fact]
    public void Invalid_settings_are_reported_together_naming_each_setting()
    {
        using var services = Build(new()
        {
            ["Delivery:MaxAge"] = "00:00:00",
            ["Delivery:Concurrency"] = "0",
            ["Delivery:LeaseDuration"] = "00:00:01",
            ["Store:Provider"] = "Postgres",
        });

        var delivery = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DeliveryOptions>>().Value);
        var store = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StoreOptions>>().Value);

        Assert.Contains(delivery.Failures, f => f.Contains("Delivery:MaxAge", StringComparison.Ordinal));
        Assert.Contains(delivery.Failures, f => f.Contains("Delivery:Concurrency", StringComparison.Ordinal));
        Assert.Contains(delivery.Failures, f => f.Contains("Delivery:LeaseDuration", StringComparison.Ordinal));
        Assert.Contains(store.Failures, f => f.Contains("ConnectionStrings:GuestSync", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IGenesysSender>(new FakeGenesysSender(TimeProvider.System));
        return services.AddGatewayOutbox(configuration).BuildServiceProvider();
    }
}
