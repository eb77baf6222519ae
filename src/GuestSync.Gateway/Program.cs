using GuestSync.Gateway.Hosting;

if (await GatewayCommands.TryRunAsync(args, Console.Out) is { } exitCode)
{
    return exitCode;
}

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGuestSyncGateway();
    app = builder.Build();
    app.MapGuestSyncGateway();
}
catch (GatewayStartException failure)
{
    // The operator's setup is incomplete: one message listing every setting to fix, a non-zero exit, no stack trace.
    await Console.Error.WriteLineAsync(failure.Message);
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>The gateway's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
