using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Outbox.Gateway;

namespace GuestSync.Gateway.Tests.Idempotency;

/// <summary>A keyed post that the outbox answered 202 (queued) is replayed as 202, and nothing more is queued or sent.</summary>
public sealed class QueuedReplayTests
{
    [Fact]
    public async Task A_queued_202_first_answer_is_replayed_as_202()
    {
        var (host, time) = await OutboxGateway.StartAsync(new Dictionary<string, string?> { ["Genesys:Resilience:MaxAttempts"] = "1" });
        await using var _ = host;
        host.Emulator.Faults.FailNext(OutboxGateway.Guests, 503, count: 10_000);
        var fields = ProfileForms.Valid();

        using var first = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "queued-once"));
        var sentAfterFirst = host.Patches().Count;
        using var repeat = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "queued-once"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Contains("\"queued\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.True(repeat.IsReplayed());
        Assert.Equal(await first.AnswerAsync(), await repeat.AnswerAsync());
        Assert.Equal(sentAfterFirst, host.Patches().Count);
    }
}
