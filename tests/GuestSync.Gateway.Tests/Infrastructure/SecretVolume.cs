using System.Runtime.InteropServices;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>
/// A folder laid out as the kubelet lays out a mounted secret or ConfigMap: <c>keys.json -> ..data/keys.json</c>,
/// <c>..data -> ..2026_11_29_21_00_00.1</c>. An update writes a new timestamped folder, links <c>..data_tmp</c> to it,
/// renames that link over <c>..data</c> (one atomic rename(2)) and removes the old folder: the file itself
/// (<see cref="FilePath"/>, a symlink) is never written.
/// </summary>
internal sealed class SecretVolume : IDisposable
{
    private const string Data = "..data";
    private readonly string _fileName;
    private int _version;
    private string? _current;

    public SecretVolume(string fileName, string content)
    {
        _fileName = fileName;
        Root = Directory.CreateTempSubdirectory("guestsync-secret-").FullName;
        Update(content);
        File.CreateSymbolicLink(FilePath, Path.Combine(Data, fileName));
    }

    /// <summary>The mount point (what a pod's <c>mountPath</c> shows).</summary>
    public string Root { get; }

    /// <summary>The path a setting names: <c>&lt;mount&gt;/keys.json</c>, a symlink into <c>..data</c>.</summary>
    public string FilePath => Path.Combine(Root, _fileName);

    /// <summary>Publishes <paramref name="content"/> as the kubelet does.</summary>
    public void Update(string content)
    {
        var version = $"..2026_11_29_21_00_00.{++_version}";
        var folder = Directory.CreateDirectory(Path.Combine(Root, version));
        File.WriteAllText(Path.Combine(folder.FullName, _fileName), content);
        var temporary = Path.Combine(Root, Data + "_tmp");
        File.CreateSymbolicLink(temporary, version);
        if (Rename(temporary, Path.Combine(Root, Data)) != 0)
        {
            throw new IOException($"rename(2) of {Data}_tmp over {Data} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        if (_current is not null)
        {
            Directory.Delete(Path.Combine(Root, _current), recursive: true);
        }

        _current = version;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp.
        }
    }

    // File.Move refuses a symlink to a folder, and Directory.Move never replaces: the kubelet's os.Rename is rename(2).
    // (DllImport, not LibraryImport: the generated marshalling would need unsafe code in the test project.)
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
}
