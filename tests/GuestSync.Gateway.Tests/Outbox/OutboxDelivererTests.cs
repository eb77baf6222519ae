using System.Net;
using GuestSync.Gateway.Genesys.Tokens;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Genesys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace GuestSync.Gateway.Tests.Outbox;

public sealed class OutboxDelivererTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private readonly OutboxStoreFile _file = new();
    private readonly OutboxTestSubmissions _submissions;
    private readonly FakeGenesysSender _sender;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly DeliveryOptions _options = new() { Concurrency = 1 };
    private SqliteOutboxStore _store = null!;
    private OutboxDeliverer _deliverer = null!;
    private OutboxQueue _queue = null!;

    public OutboxDelivererTests()
    {
        _submissions = new OutboxTestSubmissions(_time);
        _sender = new FakeGenesysSender(_time);
    }

    public async Task InitializeAsync()
    {
        _store = await _file.OpenAsync(_time);
        var metrics = new OutboxMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var signal = new OutboxSignal();
        _queue = new OutboxQueue(_store, signal, metrics);
        _deliverer = new OutboxDeliverer(_store, _sender, signal, Options.Create(_options), _time, metrics, NullLogger<OutboxDeliverer>.Instance);
    }

    public async Task DisposeAsync()
    {
        _deliverer.Dispose();
        _store.Dispose();
        await _services.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task Queued_items_are_delivered_after_an_outage_with_the_exact_bytes_that_were_queued()
    {
        var queued = new[] { _submissions.For("g1", ("name", "Ada")), _submissions.For("g2", ("name", "Grace")) };
        foreach (var submission in queued)
        {
            await _queue.EnqueueAsync(submission, default);
        }

        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.ServiceUnavailable));
        await _deliverer.DeliverDueAsync(default);
        Assert.Single(_sender.Sent); // one probe: the org's backlog waits after the first failure
        _time.Advance(TimeSpan.FromMinutes(1));
        await _deliverer.DeliverDueAsync(default);
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.OK));
        _time.Advance(TimeSpan.FromMinutes(10));
        await _deliverer.DeliverDueAsync(default);

        var delivered = _sender.Sent.Skip(2).ToList();
        Assert.Equal(queued.Select(s => s.Request.Body.ToArray()), delivered.Select(s => s.Request.Body.ToArray()));
        Assert.All(delivered, s => Assert.Equal(("default", "PATCH", "application/json-patch+json"), (s.Org, s.Request.Method, s.Request.ContentType)));
        Assert.Equal(0, (await _store.BacklogAsync("default", _time.GetUtcNow(), default)).Depth);
    }

    [Fact]
    public async Task Nothing_is_sent_before_a_429_retry_after_ends()
    {
        await _queue.EnqueueAsync(_submissions.For("g1", ("name", "Ada")), default);
        await _queue.EnqueueAsync(_submissions.For("g2", ("name", "Grace")), default);
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.TooManyRequests, "rl-1", TimeSpan.FromSeconds(42)));
        await _deliverer.DeliverDueAsync(default);
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.OK));

        _time.Advance(TimeSpan.FromSeconds(41));
        var next = await _deliverer.DeliverDueAsync(default);
        Assert.Single(_sender.Sent);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _deliverer.DeliverDueAsync(default);

        Assert.Equal(_time.GetUtcNow(), next);
        Assert.Equal(3, _sender.Sent.Count);
        Assert.All(_sender.Sent.Skip(1), s => Assert.Equal(_time.GetUtcNow(), s.At));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("cool-down")]
    [InlineData("breaker")]
    public async Task Refusals_of_the_chain_wait_the_time_the_chain_names(string refusal)
    {
        await _queue.EnqueueAsync(_submissions.For("g1", ("name", "Ada")), default);
        var wait = TimeSpan.FromSeconds(30);
        Exception failure = refusal switch
        {
            "token" => new GenesysUnavailableException("no token") { RetryAfter = wait },
            "cool-down" => new HttpRequestException("wrapped", new GenesysUnavailableException("cooling down") { Cause = GenesysUnavailableCause.CoolingDown, RetryAfter = wait }),
            _ => new BrokenCircuitException("open", wait),
        };
        _sender.Answer = _ => Task.FromException<HttpResponseMessage>(failure);
        await _deliverer.DeliverDueAsync(default);
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.OK));

        _time.Advance(wait - TimeSpan.FromSeconds(1));
        await _deliverer.DeliverDueAsync(default);
        Assert.Single(_sender.Sent);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _deliverer.DeliverDueAsync(default);

        Assert.Equal(2, _sender.Sent.Count);
    }

    [Fact]
    public async Task Five_edits_of_one_guest_during_an_outage_end_as_one_send_after_it_carrying_the_last_values()
    {
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.BadGateway));
        await _queue.EnqueueAsync(_submissions.For("g1", ("name", "Edit 1"), ("email", "one@example.com")), default);
        await _deliverer.DeliverDueAsync(default);
        for (var edit = 2; edit <= 5; edit++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _queue.EnqueueAsync(_submissions.For("g1", ("name", $"Edit {edit}")), default);
            await _deliverer.DeliverDueAsync(default);
        }

        var probes = _sender.Sent.Count;
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.OK));
        _time.Advance(TimeSpan.FromMinutes(10));
        await _deliverer.DeliverDueAsync(default);

        Assert.InRange(probes, 1, 2); // the org backs off: at most a probe or two while Genesys fails
        Assert.Equal(probes + 1, _sender.Sent.Count);
        Assert.Equal(["Edit 5", "one@example.com", "2026-11-23T21:00:04.000Z"], OutboxBodies.Values(_sender.Sent[^1].Request, _submissions.Keys));
    }

    [Fact]
    public async Task Genesys_404_moves_the_item_to_dead_letters_with_its_correlation_id()
    {
        await _queue.EnqueueAsync(_submissions.For("g1", ("name", "Ada")), default);
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.NotFound, "genesys-404"));

        await _deliverer.DeliverDueAsync(default);
        _time.Advance(TimeSpan.FromHours(1));
        await _deliverer.DeliverDueAsync(default);

        Assert.Single(_sender.Sent);
        var letter = Assert.Single(await _store.DeadLettersAsync(10, default));
        Assert.Equal(("status-404", 404, "genesys-404"), (letter.Reason, letter.LastStatus, letter.LastGenesysCorrelationId));
    }

    [Fact]
    public async Task Item_older_than_max_age_becomes_an_expired_dead_letter_instead_of_being_retried_forever()
    {
        await _queue.EnqueueAsync(_submissions.For("g1", ("name", "Ada")), default);
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.ServiceUnavailable, "genesys-503"));
        for (var hour = 0; hour < 25; hour++)
        {
            await _deliverer.DeliverDueAsync(default);
            _time.Advance(TimeSpan.FromHours(1));
        }

        var sends = _sender.Sent.Count;
        await _deliverer.DeliverDueAsync(default);

        Assert.Equal(sends, _sender.Sent.Count);
        Assert.True(sends >= 2);
        var letter = Assert.Single(await _store.DeadLettersAsync(10, default));
        Assert.Equal(("expired", 503, "genesys-503"), (letter.Reason, letter.LastStatus, letter.LastGenesysCorrelationId));
        Assert.Equal(0, (await _store.BacklogAsync("default", _time.GetUtcNow(), default)).Depth);
    }

    [Fact]
    public async Task Edit_arriving_while_its_item_is_in_flight_is_sent_next_and_never_alongside()
    {
        _options.Concurrency = 4;
        var first = _submissions.For("g1", ("name", "Ada"));
        await _queue.EnqueueAsync(first, default);
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _sender.Answer = _ =>
        {
            sending.TrySetResult();
            return answer.Task;
        };

        var pass = _deliverer.DeliverDueAsync(default);
        await sending.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _queue.EnqueueAsync(_submissions.For("g1", ("name", "Grace")), default);
        _sender.Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.OK));
        answer.SetResult(FakeGenesysSender.Status(HttpStatusCode.OK));
        await pass.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, _sender.Sent.Count);
        Assert.Equal(first.Request.Body.ToArray(), _sender.Sent[0].Request.Body.ToArray());
        Assert.Equal("Grace", OutboxBodies.Values(_sender.Sent[1].Request, _submissions.Keys)[0]);
        Assert.Equal(1, _sender.MaxInFlight);
        Assert.Equal(0, (await _store.BacklogAsync("default", _time.GetUtcNow(), default)).Depth);
    }

    [Fact]
    public async Task Running_deliverer_wakes_on_a_queued_submission_without_waiting_for_the_poll()
    {
        _options.PollInterval = TimeSpan.FromHours(1);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sender.Answer = _ =>
        {
            delivered.TrySetResult();
            return Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.OK));
        };
        await _deliverer.StartAsync(default);

        await _queue.EnqueueAsync(_submissions.For("g1", ("name", "Ada")), default);
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _deliverer.StopAsync(default);

        Assert.Single(_sender.Sent);
    }
}
