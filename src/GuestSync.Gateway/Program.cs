using GuestSync.Gateway.Hosting;

if (await GatewayCommands.TryRunAsync(args, Console.Out) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddGuestSyncGateway();

var app = builder.Build();
app.MapGuestSyncGateway();
await app.RunAsync();
return 0;

/// <summary>The gateway's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
