namespace GuestSync.Emulator.JsonPatch;

/// <summary>The six RFC 6902 operations.</summary>
internal enum JsonPatchOperationType
{
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}
