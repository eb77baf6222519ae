using System.Net;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static GuestSync.Gateway.Tests.Outbox.Gateway.OutboxGateway;

namespace GuestSync.Gateway.Tests.Outbox.Gateway;

/// <summary>What was answered 202 survives the gateway: a host disposed without draining, a new one on the same file.</summary>
public sealed class OutboxRestartTests
{
    [Fact]
    public async Task A_new_gateway_on_the_same_store_delivers_what_a_disposed_one_accepted()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        var data = Directory.CreateTempSubdirectory("guestsync-restart-").FullName;
        var shared = new Dictionary<string, string?> { ["GUESTSYNC_DATA"] = data, ["Delivery:MaxWait"] = "00:00:03" };
        host.Emulator.Faults.FailNext(Guests, 503, count: 10_000);
        var guests = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToList();
        await using (var first = host.NewFactory(shared))
        {
            using var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            foreach (var guest in guests)
            {
                using var response = await time.DriveAsync(client.PostAsync(guest));
                await AssertQueuedAsync(response, guest);
            }
        }

        host.Emulator.Faults.Reset();
        await using var second = host.NewFactory(shared);
        using (second.CreateClient())
        {
            await time.DriveUntilAsync(() => guests.All(g => host.PatchesOf(g).Any(p => p.Status == 200)), limit: TimeSpan.FromMinutes(10));
        }

        Assert.All(guests, g => Assert.Equal(ProfileForms.Name, host.StoredName(g)));
        await time.DriveUntilAsync(() => second.Services.GetRequiredService<IOutboxStore>().BacklogAsync("default", time.GetUtcNow(), default).Result.Depth == 0);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task The_outbox_verb_lists_requeues_and_purges_dead_letters_of_the_gateways_store()
    {
        var (host, time) = await StartAsync(emulator: e => e.CreateGuestsOnFirstWrite = false);
        await using var _ = host;
        Time = time; // the verb runs on the gateway's clock, so a requeued item is due on it
        host.Emulator.Faults.TokenEndpointDown = true;
        var guest = Guid.NewGuid().ToString();
        using (var queued = await time.DriveAsync(host.Client.PostAsync(guest)))
        {
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        }

        host.Emulator.Faults.TokenEndpointDown = false;
        await time.DriveUntilAsync(() => host.Store().DeadLettersAsync(10, default).Result.Count == 1, step: TimeSpan.FromMilliseconds(200));
        var data = $"--GUESTSYNC_DATA={host.Factory.DataFolder}";

        var (listed, list) = await RunAsync("outbox", "dead-letters", data);
        var (requeued, requeue) = await RunAsync("outbox", "requeue", "all", data);
        Assert.True(PendingInFile(host.Factory.DataFolder, $"{Guests}/{guest}"));
        await time.DriveUntilAsync(() => host.Store().DeadLettersAsync(10, default).Result.Count == 1, step: TimeSpan.FromMilliseconds(200));
        var (purged, purge) = await RunAsync("outbox", "purge", "all", data);
        var (wrong, usage) = await RunAsync("outbox", "purge", data);

        Assert.Equal(0, listed);
        Assert.Contains("status-404", list, StringComparison.Ordinal);
        Assert.Contains("1 dead letter(s)", list, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileForms.Email, list, StringComparison.Ordinal);
        Assert.Equal((0, "requeued 1"), (requeued, requeue.Trim()));
        Assert.Equal((0, "purged 1"), (purged, purge.Trim()));
        Assert.Empty(await host.Store().DeadLettersAsync(10, default));
        Assert.Equal(2, wrong);
        Assert.Contains(OutboxCommand.Usage, usage, StringComparison.Ordinal);
        Assert.Null(await GatewayCommands.TryRunAsync(["--urls=http://127.0.0.1:0"], TextWriter.Null));
    }

    private static TimeProvider Time { get; set; } = TimeProvider.System;

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var code = await GatewayCommands.TryRunAsync(args, output, Time);
        return (code!.Value, output.ToString());
    }

    /// <summary>What the operator verb wrote, read from the gateway's store file itself.</summary>
    private static bool PendingInFile(string dataFolder, string key)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataFolder, "guestsync.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pending WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
