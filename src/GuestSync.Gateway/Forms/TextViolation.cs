namespace GuestSync.Gateway.Forms;

/// <summary>The first character rule a piece of text breaks.</summary>
internal enum TextViolation
{
    None,
    LineBreak,
    ControlCharacter,
    BidiControl,
    LoneSurrogate,
}
