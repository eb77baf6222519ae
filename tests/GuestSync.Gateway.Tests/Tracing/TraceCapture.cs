using System.Collections;
using System.Diagnostics;
using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace GuestSync.Gateway.Tests.Tracing;

/// <summary>
/// The gateway's tracing exactly as an OTLP endpoint turns it on, exporting to memory instead. Listeners are process-wide,
/// so the spans of gateways other tests run at the same time land here too: a test finds its own by trace id.
/// </summary>
internal sealed class TraceCapture : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _gate = new();

    /// <summary>For <c>GatewayHost.StartAsync(testServices: …)</c>.</summary>
    public void Register(IServiceCollection services) => services.AddGatewayTracing(tracing => tracing.AddInMemoryExporter(this));

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. Snapshot().Where(a => a.TraceId == traceId)];

    /// <summary>The spans that satisfy <paramref name="found"/>, waiting (real time, bounded) for them to be exported.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> found, string what, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (Snapshot().FirstOrDefault(found) is { } span)
            {
                return span;
            }

            Assert.True(DateTime.UtcNow < until, $"no span {what} was exported");
            await Task.Delay(20);
        }
    }

    public int Count => Snapshot().Count;

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_gate)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
