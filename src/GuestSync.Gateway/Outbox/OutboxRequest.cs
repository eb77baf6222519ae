namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The request exactly as the live path sends it to Genesys: method, path on the API host, content type and
/// body. The body holds envelopes for encrypted fields, never their plaintext; fields a profile marks as not
/// encrypted are stored as the live path would send them.
/// </summary>
/// <param name="Method">The HTTP method, e.g. <c>PATCH</c>.</param>
/// <param name="PathAndQuery">The path on the Genesys API host, the id already escaped.</param>
/// <param name="ContentType"><c>application/json-patch+json</c> or <c>application/json</c>.</param>
/// <param name="Body">The UTF-8 JSON body.</param>
internal sealed record OutboxRequest(string Method, string PathAndQuery, string ContentType, ReadOnlyMemory<byte> Body);
