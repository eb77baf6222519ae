namespace GuestSync.Gateway.Outbox;

/// <summary>The outbox store (section <c>Store</c>, plus <c>ConnectionStrings:GuestSync</c>).</summary>
internal sealed class StoreOptions
{
    public const string SectionName = "Store";
    public const string ConnectionStringName = "GuestSync";
    public const string DataFolderVariable = "GUESTSYNC_DATA";
    public const string DefaultFileName = "guestsync.db";

    /// <summary><c>Store:Provider</c>: <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary><c>ConnectionStrings:GuestSync</c>. Default for SQLite: <c>Data Source=&lt;data folder&gt;/guestsync.db</c>,
    /// the data folder being <c>GUESTSYNC_DATA</c> when set (the container sets <c>/data</c>), else <c>data</c>
    /// under the content root. Required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder of the default SQLite file (see <see cref="ConnectionString"/>).</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The connection string in force: the configured one, or the default SQLite file.</summary>
    public string EffectiveConnectionString => string.IsNullOrWhiteSpace(ConnectionString)
        ? "Data Source=" + Path.Combine(DataFolder, DefaultFileName)
        : ConnectionString;
}
