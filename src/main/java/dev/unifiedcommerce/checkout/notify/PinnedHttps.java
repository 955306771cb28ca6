package dev.unifiedcommerce.checkout.notify;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTPS POST to an address chosen beforehand: a socket to exactly that address on 443, TLS with the URL's host as
 * SNI and as the name the certificate must carry, HTTP/1.1, no redirects followed (only the status is read). The JDK's
 * HttpClient would resolve the name again on its own, which is what a rebinding attack counts on.
 */
final class PinnedHttps {
    private PinnedHttps() {}

    static int post(ChatUrls.Target target, byte[] json, Duration connect, Duration read) throws IOException {
        String host = target.uri().getHost();
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) path += "?" + target.uri().getRawQuery();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(target.address(), 443), (int) connect.toMillis());
            raw.setSoTimeout((int) read.toMillis());
            try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(raw, host, 443, true)) {
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
    }

    private static int status(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n' && line.length() < 200; ) line.append((char) c);
        String[] parts = line.toString().trim().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer");
        return Integer.parseInt(parts[1]);
    }
}
