using Npgsql;

namespace GuestSync.Gateway.Postgres;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> (connection pool) the PostgreSQL store and the fleet
/// primitives share, from <c>ConnectionStrings:GuestSync</c>.</summary>
internal static class PostgresDataSource
{
    /// <summary>Throws <see cref="PostgresStoreStartException"/> naming the setting when it is missing or malformed.</summary>
    public static NpgsqlDataSource Create(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new PostgresStoreStartException(
                $"Store:Provider is Postgres but {PostgresSchema.Setting} is not set: set it to an Npgsql connection string (Host=…;Database=…;Username=…).");
        }

        try
        {
            return new NpgsqlDataSourceBuilder(connectionString).Build();
        }
        catch (ArgumentException ex)
        {
            throw PostgresStoreStartException.Unusable(ex);
        }
    }
}
