namespace GuestSync.Gateway.Outbox;

/// <summary>Where the outbox lives (<c>Store:Provider</c>).</summary>
internal enum StoreProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,

    /// <summary>A shared PostgreSQL database (for a fleet of gateways).</summary>
    Postgres,
}
