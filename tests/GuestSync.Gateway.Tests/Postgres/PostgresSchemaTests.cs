using GuestSync.Gateway.Postgres;
using Npgsql;

namespace GuestSync.Gateway.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task Start_creates_every_table_at_the_current_version()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);

        Assert.Equal(PostgresSchema.CurrentVersion, await database.ScalarAsync<int>("SELECT max(version) FROM guestsync_schema"));
        Assert.Equal(5L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN " +
            "('guestsync_outbox', 'guestsync_dead_letters', 'guestsync_fleet_tokens', 'guestsync_fleet_limits', 'guestsync_inflight')"));
    }

    [Fact]
    public async Task Eight_replicas_starting_at_once_migrate_once_and_all_start()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster, migrate: false);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PostgresSchema.MigrateAsync(database.NewReplica(), CancellationToken.None))));

        Assert.Equal((long)PostgresSchema.CurrentVersion, await database.ScalarAsync<long>("SELECT count(*) FROM guestsync_schema"));
    }

    [Fact]
    public async Task A_second_start_on_a_migrated_database_changes_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);

        await PostgresSchema.MigrateAsync(database.NewReplica(), CancellationToken.None);

        Assert.Equal((long)PostgresSchema.CurrentVersion, await database.ScalarAsync<long>("SELECT count(*) FROM guestsync_schema"));
    }

    [Fact]
    public async Task A_database_that_does_not_exist_fails_the_start_naming_the_setting_and_no_password()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "no_such_database", Password = "hunter2-secret" }.ConnectionString;
        await using var dataSource = PostgresDataSource.Create(connectionString);

        var error = await Assert.ThrowsAsync<PostgresStoreStartException>(() => PostgresSchema.MigrateAsync(dataSource, CancellationToken.None));

        Assert.Contains("ConnectionStrings:GuestSync", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_fails_the_start_naming_the_setting()
    {
        await using var dataSource = PostgresDataSource.Create("Host=127.0.0.1;Port=1;Username=gateway;Password=hunter2-secret;Timeout=3");

        var error = await Assert.ThrowsAsync<PostgresStoreStartException>(() => PostgresSchema.MigrateAsync(dataSource, CancellationToken.None));

        Assert.Contains("ConnectionStrings:GuestSync", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Host=localhost;Password=hunter2-secret;NoSuchKeyword=1")]
    public void A_missing_or_malformed_connection_string_fails_the_start_naming_the_setting(string connectionString)
    {
        var error = Assert.Throws<PostgresStoreStartException>(() => PostgresDataSource.Create(connectionString));

        Assert.Contains("ConnectionStrings:GuestSync", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_a_newer_gateway_fails_the_start_instead_of_being_used()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await database.ScalarAsync<int>($"INSERT INTO guestsync_schema (version) VALUES ({PostgresSchema.CurrentVersion + 1})");

        var error = await Assert.ThrowsAsync<PostgresStoreStartException>(() => PostgresSchema.MigrateAsync(database.NewReplica(), CancellationToken.None));

        Assert.Contains("ConnectionStrings:GuestSync", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }
}
