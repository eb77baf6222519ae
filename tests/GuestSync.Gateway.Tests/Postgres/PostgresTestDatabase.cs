using GuestSync.Gateway.Postgres;
using Npgsql;

namespace GuestSync.Gateway.Tests.Postgres;

/// <summary>
/// A fresh database on the test cluster, migrated to the current schema, and one connection pool per simulated
/// replica (each replica of a real fleet has its own). Every pool is disposed with it.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    private PostgresTestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(PostgresClusterFixture cluster, bool migrate = true)
    {
        var database = new PostgresTestDatabase(await cluster.CreateDatabaseAsync());
        if (migrate)
        {
            await PostgresSchema.MigrateAsync(database.NewReplica(), CancellationToken.None);
        }

        return database;
    }

    /// <summary>A connection pool of its own, as one gateway replica has.</summary>
    public NpgsqlDataSource NewReplica(string? connectionString = null)
    {
        var dataSource = PostgresDataSource.Create(connectionString ?? ConnectionString);
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return dataSource;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Every outbox and dead-letter row as the database holds it: text columns as UTF-8, bodies as stored.</summary>
    public async Task<byte[]> RawOutboxBytesAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        using var raw = new MemoryStream();
        foreach (var table in new[] { "guestsync_outbox", "guestsync_dead_letters" })
        {
            await using var command = dataSource.CreateCommand($"SELECT * FROM {table}");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var bytes = reader.IsDBNull(i) ? [] : reader.GetValue(i) switch
                    {
                        byte[] b => b,
                        var v => System.Text.Encoding.UTF8.GetBytes(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                    };
                    raw.Write(bytes);
                }
            }
        }

        return raw.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }
}
