using GuestSync.Emulator.Hosting;

namespace GuestSync.Emulator;

/// <summary>Runs the emulator on its own: <c>dotnet run --project src/GuestSync.Emulator</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args).UseEmulatorStandaloneDefaults();
        builder.Services.AddGenesysEmulator(builder.Configuration.GetSection(EmulatorOptions.SectionName));

        var app = builder.Build();
        app.MapGenesysEmulator();
        app.Run();
    }
}
