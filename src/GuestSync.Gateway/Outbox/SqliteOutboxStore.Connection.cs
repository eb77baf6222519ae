using Microsoft.Data.Sqlite;
using static GuestSync.Gateway.Outbox.SqliteCommands;

namespace GuestSync.Gateway.Outbox;

internal sealed partial class SqliteOutboxStore
{
    private const string Setting = "ConnectionStrings:GuestSync";

    private SqliteConnection Open()
    {
        if (Path.GetDirectoryName(Path.GetFullPath(File)) is { Length: > 0 } folder && File != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Pragma(connection, "PRAGMA journal_mode = WAL;", "wal");
            SqliteOutboxSchema.Scalar(connection, "PRAGMA synchronous = FULL;");
            Pragma(connection, "PRAGMA quick_check;", "ok");
            SqliteOutboxSchema.Migrate(connection, File);
            return connection;
        }
        catch (Exception failure) when (failure is SqliteException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            connection.Dispose();
            throw new InvalidOperationException(
                $"The outbox store '{File}' (setting {Setting}) cannot be opened: {failure.Message} " +
                "Move the damaged file aside (delivery resumes with an empty outbox) or point the setting at another file.", failure);
        }
    }

    private static void Pragma(SqliteConnection connection, string sql, string expected)
    {
        var answer = Convert.ToString(SqliteOutboxSchema.Scalar(connection, sql), System.Globalization.CultureInfo.InvariantCulture);
        if (!string.Equals(answer, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"'{sql}' answered '{answer}'.");
        }
    }

    /// <param name="committed">Runs after the commit, still under the write gate: keeps the pending-key mirror in step.</param>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, bool unavailableOnFailure, CancellationToken cancellationToken, Action<T>? committed = null)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = _connection ?? throw new InvalidOperationException("The outbox store is not initialized.");
            using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: take the write lock first
            var result = write(connection);
            transaction.Commit();
            committed?.Invoke(result);
            return result;
        }
        catch (SqliteException failure) when (unavailableOnFailure)
        {
            _faults.StoreUnwritable(File, failure.SqliteErrorCode);
            throw new OutboxUnavailableException($"The outbox store '{File}' cannot be written (SQLite error {failure.SqliteErrorCode}).", failure);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return read(_connection ?? throw new InvalidOperationException("The outbox store is not initialized."));
        }
        finally
        {
            _gate.Release();
        }
    }




    private static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> map)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
