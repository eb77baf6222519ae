using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// The rate-limit key of a client address, exact and without a string: an IPv4 address (also when IPv4-mapped) or the
/// /64 of an IPv6 one, since one IPv6 host usually holds a whole /64 and counting per address would let it walk the
/// limit away.
/// </summary>
internal static class ClientKey
{
    /// <summary>IPv4 addresses are keyed as the /64s <c>0:1:a.b.c.d::</c>, inside ::/8, which IANA reserves: no client's /64.</summary>
    private const ulong Ipv4Prefix = 0x0000_0001_0000_0000UL;

    /// <summary>A connection without an address (a test server): <c>0:2::/64</c>, also reserved.</summary>
    private const ulong Unknown = 0x0000_0002_0000_0000UL;

    public static ulong Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return Ipv4Prefix | BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(bytes, out _))
        {
            return Unknown;
        }

        return address.IsIPv4MappedToIPv6
            ? Ipv4Prefix | BinaryPrimitives.ReadUInt32BigEndian(bytes[12..])
            : BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }
}
