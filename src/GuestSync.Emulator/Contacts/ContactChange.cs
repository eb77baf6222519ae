using System.Text.Json.Nodes;

namespace GuestSync.Emulator.Contacts;

/// <summary>One validated entry of a <c>{"changes":[...]}</c> body.</summary>
internal sealed record ContactChange(int Index, ContactFieldPath Field, ContactChangeAction Action, JsonNode? Value);
