using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GuestSync.Gateway.Tests.Outbox.Gateway.OutboxGateway;

namespace GuestSync.Gateway.Tests.Tracing;

/// <summary>The README's metrics table is the list of instruments the gateway creates, with their kinds, units and tags.</summary>
public sealed partial class ReadmeInstrumentsTests
{
    [Fact]
    public async Task Readme_lists_every_instrument_with_its_kind_unit_and_the_tags_it_records()
    {
        var documented = ReadmeTable();
        var created = new ConcurrentDictionary<string, Instrument>();
        var tags = new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>();
        IMeterFactory? ours = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Seen(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> measured)
        {
            // Other tests' gateways share the process: only this gateway's meters count.
            if (ours is null || !ReferenceEquals(instrument.Meter.Scope, ours))
            {
                return;
            }

            created.TryAdd(instrument.Name, instrument);
            var names = tags.GetOrAdd(instrument.Name, _ => new());
            foreach (var tag in measured)
            {
                names.TryAdd(tag.Key, 0);
            }
        }

        listener.SetMeasurementEventCallback<long>((i, _, t, _) => Seen(i, t));
        listener.SetMeasurementEventCallback<int>((i, _, t, _) => Seen(i, t));
        listener.SetMeasurementEventCallback<double>((i, _, t, _) => Seen(i, t));
        listener.Start();

        // A live sync, then a submission queued while Genesys answers 503 (retried, then queued) and delivered once it heals.
        var (host, time) = await StartAsync();
        await using var _ = host;
        ours = host.Factory.Services.GetRequiredService<IMeterFactory>();
        using (var synced = await time.DriveAsync(host.Client.PostAsync(Guid.NewGuid().ToString())))
        {
            // Synced, or on a slow machine queued (fake time runs faster than loopback I/O): the instruments are the same.
            Assert.Contains(synced.StatusCode, new[] { System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.Accepted });
        }

        host.Emulator.Faults.FailNext(Guests, 503, count: 10_000);
        var guest = Guid.NewGuid().ToString();
        using (var queued = await time.DriveAsync(host.Client.PostAsync(guest)))
        {
            await AssertQueuedAsync(queued, guest);
        }

        host.Emulator.Faults.Reset();
        await time.DriveUntilAsync(() => host.PatchesOf(guest).Any(p => p.Status == 200), limit: TimeSpan.FromMinutes(10));
        await time.DriveUntilAsync(() => host.Store().BacklogAsync("default", time.GetUtcNow(), default).Result.Depth == 0);
        listener.RecordObservableInstruments();

        // Every instrument of the meter this gateway created, recorded or not, from its meter's published instruments.
        var all = PublishedBy(ours);
        Assert.Equal(documented.Keys.Order(), all.Select(i => i.Name).Order());
        foreach (var instrument in all)
        {
            var row = documented[instrument.Name];
            Assert.True((Kind(instrument), instrument.Unit ?? "—") == (row.Kind, row.Unit), $"{instrument.Name}: created as {Kind(instrument)} in {instrument.Unit ?? "—"}, README says {row.Kind} in {row.Unit}");
        }

        // The instruments this run recorded carry only the tags the README names (those not recorded here: 429s, dead letters).
        Assert.True(tags.Count >= 10, $"only {tags.Count} instruments recorded: {string.Join(", ", tags.Keys)}");
        foreach (var (name, recorded) in tags)
        {
            Assert.True(recorded.Keys.All(documented[name].Tags.Contains), $"{name} records tags {string.Join(", ", recorded.Keys)}; README says {string.Join(", ", documented[name].Tags)}");
        }
    }

    private static List<Instrument> PublishedBy(IMeterFactory factory)
    {
        var found = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    lock (found)
                    {
                        found.Add(instrument);
                    }
                }
            },
        };
        listener.Start(); // publishes every instrument that exists now
        return found;
    }

    private static string Kind(Instrument instrument) => instrument.GetType().Name switch
    {
        var n when n.StartsWith("Counter", StringComparison.Ordinal) => "counter",
        var n when n.StartsWith("Histogram", StringComparison.Ordinal) => "histogram",
        var n when n.StartsWith("ObservableGauge", StringComparison.Ordinal) => "gauge",
        var n => n,
    };

    private static Dictionary<string, (string Kind, string Unit, HashSet<string> Tags)> ReadmeTable()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("### Metrics", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 5, StringComparison.Ordinal)];
        var rows = new Dictionary<string, (string, string, HashSet<string>)>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(section))
        {
            var tagNames = TagName().Matches(row.Groups["tags"].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            rows.Add(row.Groups["name"].Value, (row.Groups["kind"].Value, row.Groups["unit"].Value, tagNames));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GuestSync.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GuestSync.sln not found above the test output.");
    }

    [GeneratedRegex(@"^\| `(?<name>guestsync\.[a-z_.]+)` \| (?<kind>[a-z]+) \| (?<unit>[^|]+?) \| (?<tags>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex TagName();
}
