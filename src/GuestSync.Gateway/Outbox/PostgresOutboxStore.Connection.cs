using Npgsql;

namespace GuestSync.Gateway.Outbox;

internal sealed partial class PostgresOutboxStore
{
    /// <summary>One short transaction on a pooled connection. With <paramref name="unavailableOnFailure"/> (enqueue),
    /// a database that cannot take the write becomes <see cref="OutboxUnavailableException"/>: the browser gets 503,
    /// never a 202 that is not stored.</summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, Task<T>> write, bool unavailableOnFailure, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await write(connection);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception failure) when (unavailableOnFailure && failure is NpgsqlException or TimeoutException)
        {
            var code = failure is PostgresException postgres ? postgres.SqlState : "connection";
            _outage.StoreUnavailable(Name, code);
            throw new OutboxUnavailableException($"The outbox store {Name} cannot be written ({code}).", failure);
        }
    }

    private static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, params (string Name, object? Value)[] parameters) =>
        WithParameters(dataSource.CreateCommand(sql), parameters);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        WithParameters(new NpgsqlCommand(sql, connection), parameters);

    private static NpgsqlCommand WithParameters(NpgsqlCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            // timestamptz takes UTC only.
            command.Parameters.AddWithValue(name, value switch
            {
                null => DBNull.Value,
                DateTimeOffset time => time.ToUniversalTime(),
                _ => value,
            });
        }

        return command;
    }

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
