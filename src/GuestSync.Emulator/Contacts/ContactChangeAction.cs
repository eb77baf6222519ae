namespace GuestSync.Emulator.Contacts;

/// <summary>The <c>action</c> of an external-contact change that the emulator supports.</summary>
internal enum ContactChangeAction
{
    /// <summary>Sets the field, creating missing parent objects.</summary>
    Update,

    /// <summary>Sets the field only when it is missing, null or the empty string.</summary>
    UpdateIfEmpty,

    /// <summary>Sets the field only when it is present and not null.</summary>
    UpdateIfExists,

    /// <summary>Removes the field; nothing happens when it is missing.</summary>
    Remove,
}
