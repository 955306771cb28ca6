package dev.unifiedcommerce.messaging;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IANA special-purpose ranges a chat webhook may never point at (the function must not be made to call into its own
 * network, a cloud metadata service, a NAT64 or 6to4 gateway): 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
 * 192.0.0/24, 192.0.2/24, 192.88.99/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, multicast 224/4, 240/4;
 * ::/128, ::1, 100::/64, 2001::/32 (Teredo), 2001:db8::/32, 2002::/16 (6to4), fc00::/7, fec0::/10, fe80::/10,
 * multicast ff00::/8, 64:ff9b::/96, 64:ff9b:1::/48, and IPv4-mapped and IPv4-compatible addresses.
 */
final class SpecialAddresses {
    private SpecialAddresses() {}

    static boolean blocked(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return blocked4(b);
        if (a instanceof Inet6Address) return blocked6(b);
        return true;
    }

    private static boolean blocked4(byte[] b) {
        int o0 = b[0] & 0xff, o1 = b[1] & 0xff, o2 = b[2] & 0xff;
        return o0 == 0 || o0 == 10 || o0 == 127
                || (o0 == 100 && o1 >= 64 && o1 <= 127)
                || (o0 == 169 && o1 == 254)
                || (o0 == 172 && o1 >= 16 && o1 <= 31)
                || (o0 == 192 && o1 == 0 && (o2 == 0 || o2 == 2))
                || (o0 == 192 && o1 == 88 && o2 == 99)
                || (o0 == 198 && o1 == 51 && o2 == 100)
                || (o0 == 203 && o1 == 0 && o2 == 113)
                || (o0 == 192 && o1 == 168)
                || (o0 == 198 && (o1 == 18 || o1 == 19))
                || o0 >= 224; // multicast 224/4 and reserved 240/4 (with 255.255.255.255)
    }

    private static boolean blocked6(byte[] b) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) first10Zero &= b[i] == 0;
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return true; // IPv4-mapped ::ffff:0:0/96
        if (first10Zero && b[10] == 0 && b[11] == 0) return true; // ::/128, ::1 and IPv4-compatible ::/96
        int h0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int h1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if ((h0 & 0xfe00) == 0xfc00) return true; // fc00::/7 unique local
        if ((h0 & 0xffc0) == 0xfe80) return true; // fe80::/10 link-local
        if ((h0 & 0xffc0) == 0xfec0) return true; // fec0::/10 site-local (deprecated, still routed inside some networks)
        if (h0 == 0x2001 && (h1 == 0x0000 || h1 == 0x0db8)) return true; // Teredo, documentation
        if (h0 == 0x0100 && h1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) return true; // 100::/64 discard
        if (h0 == 0x0064 && h1 == 0xff9b && b[4] == 0 && b[5] == 1) return true; // 64:ff9b:1::/48 local-use NAT64
        if ((h0 & 0xff00) == 0xff00) return true; // ff00::/8 multicast
        if (h0 == 0x2002) return true; // 6to4
        boolean nat64 = h0 == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) nat64 = b[i] == 0;
        return nat64; // 64:ff9b::/96
    }
}
