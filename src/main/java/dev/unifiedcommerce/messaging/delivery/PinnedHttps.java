package dev.unifiedcommerce.messaging.delivery;

import dev.unifiedcommerce.messaging.ChatUrls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTPS POST to an address chosen beforehand: a socket to exactly that address on 443, TLS with the URL's host as
 * SNI and as the name the certificate must carry, HTTP/1.1, no redirects followed (only the status is read). The JDK's
 * HttpClient would resolve the name again on its own, which is what a rebinding attack counts on.
 */
final class PinnedHttps {
    private PinnedHttps() {}

    /**
     * Closes a call's socket when its whole time is up. A read timeout bounds each read, not the call: a server that
     * trickles its handshake a byte at a time, or never reads what we write, would otherwise hold the function.
     */
    private static final class Deadlines {
        // a holder: made on the first call at run time, never in a native image's build-time heap
        static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "chat-webhook-deadline");
            t.setDaemon(true);
            return t;
        });

        static {
            EXECUTOR.setRemoveOnCancelPolicy(true);
        }
    }

    /** Posts {@code json}; the whole call (connect, TLS, write, status line) ends within {@code connect + read}. */
    static int post(ChatUrls.Target target, byte[] json, Duration connect, Duration read) throws IOException {
        String host = target.uri().getHost();
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) path += "?" + target.uri().getRawQuery();
        try (Socket raw = new Socket()) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> deadline = Deadlines.EXECUTOR.schedule(() -> {
                timedOut.set(true);
                try {
                    raw.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }, connect.plus(read).toMillis(), TimeUnit.MILLISECONDS);
            try {
                return exchange(raw, target, host, path, json, connect, read);
            } catch (IOException e) {
                if (timedOut.get()) throw new SocketTimeoutException("no answer within " + connect.plus(read).toMillis() + " ms");
                throw e;
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private static int exchange(Socket raw, ChatUrls.Target target, String host, String path, byte[] json, Duration connect, Duration read)
            throws IOException {
        // 443 always in production (ChatUrls refuses other ports there); a port only where private URLs are allowed
        int port = target.uri().getPort() == -1 ? 443 : target.uri().getPort();
        raw.connect(new InetSocketAddress(target.address(), port), (int) connect.toMillis());
        raw.setSoTimeout((int) read.toMillis());
        try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(raw, host, port, true)) {
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must be for the host, not the address
            tls.setSSLParameters(p);
            tls.startHandshake();
            OutputStream out = tls.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\nUser-Agent: unified-commerce\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            return status(tls.getInputStream());
        }
    }

    private static int status(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n' && line.length() < 200; ) line.append((char) c);
        String[] parts = line.toString().trim().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) throw new IOException("not an HTTP answer");
        return Integer.parseInt(parts[1]);
    }
}
