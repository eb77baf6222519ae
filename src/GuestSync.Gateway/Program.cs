using GuestSync.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGuestSyncGateway();

var app = builder.Build();
app.MapGuestSyncGateway();
app.Run();

/// <summary>The gateway's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
