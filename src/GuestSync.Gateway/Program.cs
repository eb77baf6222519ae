using GuestSync.Gateway.Hosting;

if (await GatewayCommands.TryRunAsync(args, Console.Out) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddGuestSyncGateway();
}
catch (GatewayStartException failure)
{
    // The operator's setup is incomplete (e.g. no route file): one clear message and a non-zero exit, no stack trace.
    await Console.Error.WriteLineAsync(failure.Message);
    return 1;
}

var app = builder.Build();
app.MapGuestSyncGateway();
await app.RunAsync();
return 0;

/// <summary>The gateway's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
