package io.meridian.server.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether an address is on the public internet: what every feature that fetches a user-chosen URL (webhooks, dataset
 * imports by link) checks before it connects, so that a URL cannot reach into the platform's own network (SSRF).
 * Loopback, link-local (cloud metadata at 169.254.169.254), private, shared (100.64/10), unique-local, multicast,
 * broadcast and unspecified addresses are not; IPv4 embedded in IPv6 is judged by its IPv4 part.
 */
public final class PublicAddresses
{
    private PublicAddresses() {}

    public static boolean isPublic(InetAddress address)
    {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress() || address.isMulticastAddress()
                || address.isAnyLocalAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            boolean thisNetwork = first == 0;
            boolean sharedAddressSpace = first == 100 && second >= 64 && second <= 127;
            boolean broadcast = (bytes[0] & bytes[1] & bytes[2] & bytes[3]) == (byte) 0xff;
            return !thisNetwork && !sharedAddressSpace && !broadcast;
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
            if (uniqueLocal) {
                return false;
            }
            // IPv4 embedded in IPv6 (IPv4-compatible ::a.b.c.d and NAT64 64:ff9b::a.b.c.d) is judged by its IPv4 part
            if (isZero(bytes, 0, 12) || isNat64(bytes)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
                }
                catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return true;
    }

    private static boolean isNat64(byte[] bytes)
    {
        return bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b && isZero(bytes, 4, 12);
    }

    private static boolean isZero(byte[] bytes, int from, int to)
    {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
