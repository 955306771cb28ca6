package dev.unifiedcommerce.messaging;

import dev.unifiedcommerce.platform.errors.Rejected;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chat webhook URL the server may call (SSRF guard): https on port 443, no credentials, and a host whose every
 * address is public. The address that was checked is the address connected to ({@link Target#address}): the name is
 * resolved once, in bounded time, and never again for that request, so a DNS answer that changes between the check and
 * the connection (rebinding) cannot send the call into the function's own network. The local stack allows http and
 * private addresses.
 */
public final class ChatUrls {
    static final String FIELD = "payment.sendTo.chatWebhookUrl";
    static final Duration DNS_TIME = Duration.ofSeconds(2);
    /** Lookups on their own threads (never the shared pool, whose other work must not count against DNS time). */
    private static final Executor LOOKUPS = Executors.newVirtualThreadPerTaskExecutor();

    /** Names to addresses (the system's resolver; tests give their own, so no test leaves loopback). */
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    /** Where to post: the URL, and the one address checked for it (null in the local stack: resolved as usual). */
    public record Target(URI uri, InetAddress address) {}

    private ChatUrls() {}

    /** The URL's shape only (at checkout: the address is checked again, and pinned, when the link is sent). */
    public static URI check(String raw, boolean allowPrivate) {
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid(FIELD, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (uri.getHost() == null || !(scheme.equals("https") || (allowPrivate && scheme.equals("http")))) {
            throw Rejected.invalid(FIELD, "must be an https URL");
        }
        if (uri.getUserInfo() != null) throw Rejected.invalid(FIELD, "must not carry credentials");
        if (!allowPrivate && uri.getPort() != -1 && uri.getPort() != 443) throw Rejected.invalid(FIELD, "must use port 443");
        if (!allowPrivate) target(uri, Resolver.SYSTEM);
        return uri;
    }

    /** Resolves the host once, in bounded time; every address must be public; the first is the one to connect to. */
    public static Target target(URI uri, Resolver resolver) {
        List<InetAddress> addresses;
        try {
            addresses = CompletableFuture.supplyAsync(() -> {
                try {
                    return resolver.resolve(uri.getHost());
                } catch (UnknownHostException e) {
                    throw new CompletionException(e);
                }
            }, LOOKUPS).get(DNS_TIME.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw Rejected.invalid(FIELD, "has a host that did not resolve in time");
        } catch (ExecutionException e) {
            throw Rejected.invalid(FIELD, "has a host that does not resolve");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Rejected.invalid(FIELD, "has a host that could not be resolved");
        }
        if (addresses.isEmpty()) throw Rejected.invalid(FIELD, "has a host that does not resolve");
        for (InetAddress a : addresses) {
            if (SpecialAddresses.blocked(a)) throw Rejected.invalid(FIELD, "must not point at a private, loopback or other special-purpose address");
        }
        return new Target(uri, addresses.getFirst());
    }
}
