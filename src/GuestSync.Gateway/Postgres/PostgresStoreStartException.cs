using Npgsql;

namespace GuestSync.Gateway.Postgres;

/// <summary>
/// The PostgreSQL database named by <c>ConnectionStrings:GuestSync</c> cannot be used: the start fails with this.
/// The message names the setting and the reason, never the connection string (it may hold a password). An
/// <see cref="InvalidOperationException"/>, as the SQLite store's start errors are.
/// </summary>
public sealed class PostgresStoreStartException : InvalidOperationException
{
    public PostgresStoreStartException()
    {
    }

    public PostgresStoreStartException(string message)
        : base(message)
    {
    }

    public PostgresStoreStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static PostgresStoreStartException Unusable(Exception cause) => new(
        $"The PostgreSQL database named by {PostgresSchema.Setting} cannot be used: {Reason(cause)}. " +
        $"Check the setting (an Npgsql connection string: Host=…;Database=…;Username=…) and that the server is reachable.",
        cause);

    // Npgsql's messages name the host, database and user but never the password; a malformed connection string's
    // message could echo its text, so that case says only that it is malformed.
    private static string Reason(Exception cause) => cause switch
    {
        PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
        NpgsqlException npgsql => npgsql.InnerException is { } inner ? $"{npgsql.Message} ({inner.Message})" : npgsql.Message,
        ArgumentException => "the connection string is malformed",
        _ => cause.Message,
    };
}
