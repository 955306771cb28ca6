package dev.unifiedcommerce.checkout.notify;

import dev.unifiedcommerce.platform.errors.Problem;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A chat webhook URL the server may call: https, and (outside the local stack) a host that resolves only to
 * public addresses, so a checkout cannot make the function call into its own network (SSRF).
 */
public final class ChatUrls {
    private ChatUrls() {}

    public static URI check(String raw, boolean allowPrivate) {
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw Problem.badField("payment.sendTo.chatWebhookUrl", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (uri.getHost() == null || !(scheme.equals("https") || (allowPrivate && scheme.equals("http")))) {
            throw Problem.badField("payment.sendTo.chatWebhookUrl", "must be an https URL");
        }
        if (uri.getUserInfo() != null) throw Problem.badField("payment.sendTo.chatWebhookUrl", "must not carry credentials");
        if (!allowPrivate) {
            try {
                for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                            || a.isMulticastAddress() || isUniqueLocalV6(a)) {
                        throw Problem.badField("payment.sendTo.chatWebhookUrl", "must not point at a private, loopback or link-local address");
                    }
                }
            } catch (UnknownHostException e) {
                throw Problem.badField("payment.sendTo.chatWebhookUrl", "has a host that does not resolve");
            }
        }
        return uri;
    }

    private static boolean isUniqueLocalV6(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }
}
