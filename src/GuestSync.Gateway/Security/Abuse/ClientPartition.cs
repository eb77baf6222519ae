using System.Net;
using System.Net.Sockets;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>The rate-limit partition of a client address: the address itself, or its /64 for IPv6.</summary>
internal static class ClientPartition
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

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
}
