namespace GuestSync.Gateway.Tests.Postgres;

/// <summary>Every test that needs PostgreSQL joins this collection, so one cluster serves the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "PostgreSQL";
}
