namespace GuestSync.Emulator.Tests;

/// <summary>Starts a fresh emulator per test with <see cref="Configure"/>'s options.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    private EmulatorHarness? _harness;

    internal EmulatorHarness Harness => _harness ?? throw new InvalidOperationException("The emulator has not started.");

    public virtual async Task InitializeAsync() => _harness = await EmulatorHarness.StartAsync(Configure);

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    protected virtual void Configure(EmulatorOptions options)
    {
    }
}
