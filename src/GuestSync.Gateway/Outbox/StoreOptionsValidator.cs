using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Outbox;

/// <summary>Checks <c>Store:*</c> and <c>ConnectionStrings:GuestSync</c> at start. Never prints the connection
/// string: a PostgreSQL one may hold a password.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            errors.Add("Store:Provider must be Sqlite or Postgres.");
        }
        else if (options.Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("Store:Provider is Postgres: set ConnectionStrings:GuestSync to the PostgreSQL connection string.");
        }
        else if (options.Provider == StoreProvider.Sqlite)
        {
            try
            {
                if (string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource))
                {
                    errors.Add("ConnectionStrings:GuestSync names no SQLite file (Data Source=…).");
                }
            }
            catch (ArgumentException)
            {
                errors.Add("ConnectionStrings:GuestSync is not a valid SQLite connection string (e.g. Data Source=/data/guestsync.db).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
