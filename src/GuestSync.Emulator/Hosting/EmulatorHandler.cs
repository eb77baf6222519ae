namespace GuestSync.Emulator.Hosting;

/// <summary>Handles one emulated endpoint once the request pipeline has read the body and checked faults.</summary>
internal delegate Task EmulatorHandler(HttpContext http, EmulatorRequest request);
