namespace GuestSync.Gateway.Postgres;

/// <summary>The DDL of each schema version (see <see cref="PostgresSchema"/>). Released entries are never edited.</summary>
internal static class PostgresMigrations
{
    /// <summary>Version 1: the outbox (issue 12), one pending row per (org, key), and its dead letters.
    /// Bodies are the built requests: envelopes for encrypted fields, never plaintext of those.</summary>
    public const string Outbox = """
        CREATE TABLE guestsync_outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            org text NOT NULL,
            key text NOT NULL,
            profile text NOT NULL,
            guest_id text NOT NULL,
            method text NOT NULL,
            path text NOT NULL,
            content_type text NOT NULL,
            body bytea NOT NULL,
            targets text NOT NULL,
            version bigint NOT NULL,
            first_accepted_at timestamptz NOT NULL,
            last_accepted_at timestamptz NOT NULL,
            requeued_at timestamptz,
            next_attempt_at timestamptz NOT NULL,
            lease_owner text,
            lease_until timestamptz,
            attempts int NOT NULL DEFAULT 0,
            last_status int,
            last_error text,
            last_correlation_id text,
            first_correlation_id text NOT NULL,
            CONSTRAINT guestsync_outbox_one_per_key UNIQUE (org, key)
        );
        CREATE INDEX guestsync_outbox_by_age ON guestsync_outbox (org, first_accepted_at, id);
        CREATE TABLE guestsync_dead_letters (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            org text NOT NULL,
            key text NOT NULL,
            profile text NOT NULL,
            guest_id text NOT NULL,
            method text NOT NULL,
            path text NOT NULL,
            content_type text NOT NULL,
            body bytea NOT NULL,
            targets text NOT NULL,
            reason text NOT NULL,
            dead_at timestamptz NOT NULL,
            first_accepted_at timestamptz NOT NULL,
            last_accepted_at timestamptz NOT NULL,
            attempts int NOT NULL,
            last_status int,
            last_error text,
            last_correlation_id text,
            first_correlation_id text NOT NULL
        );
        CREATE INDEX guestsync_dead_letters_by_age ON guestsync_dead_letters (dead_at, id);
        """;

    /// <summary>Version 2: what replicas share per organization (issue 14). The token is sealed (AES-GCM), never
    /// plain; <c>pace_at</c> is the budget's theoretical arrival time (GCRA); <c>paused_until</c> the 429 cool-down.</summary>
    public const string FleetCoordination = """
        CREATE TABLE guestsync_fleet_tokens (
            org text PRIMARY KEY,
            version bigint NOT NULL DEFAULT 0,
            sealed bytea,
            refresh_at timestamptz,
            expires_at timestamptz,
            failed_until timestamptz
        );
        CREATE TABLE guestsync_fleet_limits (
            org text PRIMARY KEY,
            pace_at timestamptz NOT NULL DEFAULT '-infinity',
            paused_until timestamptz NOT NULL DEFAULT '-infinity'
        );
        """;

    /// <summary>Version 3: live sends in flight per (org, key), fleet-wide (issue 14): the live path holds a row while it
    /// sends; the outbox's lease query skips keys with a row whose lease has not ended.</summary>
    public const string InFlight = """
        CREATE TABLE guestsync_inflight (
            org text NOT NULL,
            key text NOT NULL,
            owner text NOT NULL,
            until timestamptz NOT NULL,
            PRIMARY KEY (org, key)
        );
        """;

    /// <summary>Version 4: idempotency keys (issue 13). <c>scope</c> and <c>fingerprint</c> are digests, never a key,
    /// guest id or submitted value; a running claim has <c>completed = false</c> and expires at the end of its lease.</summary>
    public const string Idempotency = """
        CREATE TABLE guestsync_idempotency (
            scope bytea PRIMARY KEY,
            fingerprint bytea NOT NULL,
            token uuid NOT NULL,
            completed boolean NOT NULL,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            status int,
            content_type text,
            headers text,
            body bytea
        );
        CREATE INDEX guestsync_idempotency_expiry ON guestsync_idempotency (expires_at);
        """;

    /// <summary>Version 5: the W3C <c>traceparent</c> of the gateway's span that queued a pending item (issue 15), null when
    /// it was not traced; the delivery's span links to it. Nullable, so adding it rewrites no row.</summary>
    public const string OutboxTraceParent = """
        ALTER TABLE guestsync_outbox ADD COLUMN trace_parent text;
        """;
}
