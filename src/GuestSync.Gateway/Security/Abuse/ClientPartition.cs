using System.Net;
using System.Net.Sockets;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>The rate-limit partition of a client address: the address itself, or its /64 for IPv6.</summary>
/// <remarks>
/// Both per-client limiters ask for it on every request, and a connection keeps its address: the last address seen on
/// each thread and its partition are kept, so a repeat costs an address comparison instead of two new strings.
/// </remarks>
internal static class ClientPartition
{
    [ThreadStatic]
    private static LastPartition? t_last;

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (t_last is { } last && last.Address.Equals(address))
        {
            return last.Partition;
        }

        var partition = Compute(address);
        // A copy: the kept address must not change with the caller's instance (IPAddress is mutable).
        var copy = address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPAddress(address.GetAddressBytes(), address.ScopeId)
            : new IPAddress(address.GetAddressBytes());
        t_last = new LastPartition(copy, partition);
        return partition;
    }

    private static string Compute(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        // One IPv6 host usually holds a whole /64; counting per address would let it walk the limit away.
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private sealed record LastPartition(IPAddress Address, string Partition);
}
