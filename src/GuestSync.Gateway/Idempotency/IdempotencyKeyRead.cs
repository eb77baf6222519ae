using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Idempotency;

/// <summary>The idempotency key of a post (null when it carries none), or why it is refused (400).</summary>
internal readonly record struct IdempotencyKeyRead(string? Key, FormProblem? Problem);
