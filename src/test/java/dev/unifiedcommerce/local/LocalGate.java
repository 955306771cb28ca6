package dev.unifiedcommerce.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack's front door on 127.0.0.1:PORT, local-only (test sources: never in the deployable artifact). Each
 * request is read off the connection and routed on its own: the store console's files under /console/ and its
 * development sign-in (POST /console/dev-sign-in: a person's token for a role and stores, minted by scripts/dev-token
 * with the development key only the dev and test profiles trust) are answered here; every other request
 * goes to the application's Lambda event server byte for byte, and its answer comes back byte for byte (header names
 * and all), so the console and the API share one origin. scripts/local-up opens it only once the application answers
 * (the event server accepts requests, and answers 500, while the application is still starting).
 * Arguments: LISTEN_PORT TARGET_PORT [CONSOLE_DIR]
 */
public final class LocalGate {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png", "svg", "image/svg+xml", "json", "application/json");

    private final ServerSocket server;
    private final int target;
    private final Path console;
    /** The console's content security policy: its own origin, and Cognito's endpoints when its config.json names them. */
    private final String policy;

    private LocalGate(int listen, int target, Path console) throws IOException {
        this.target = target;
        this.console = console.toAbsolutePath().normalize();
        this.policy = policy(this.console.resolve("config.json"));
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen), 256);
        Thread.ofPlatform().daemon().name("local-gate").start(this::accept);
    }

    /** Starts a gate (PORT 0: any free port). */
    public static LocalGate start(int listen, int target, Path console) throws IOException { return new LocalGate(listen, target, console); }

    public int port() { return server.getLocalPort(); }

    public void stop() throws IOException { server.close(); }

    public static void main(String[] args) throws IOException, InterruptedException {
        start(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args.length > 2 ? args[2] : "src/console"));
        System.out.println("ready");
        Thread.currentThread().join();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One request after another on a kept-alive connection, each routed by its own path. */
    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                Message request = Message.read(in, null, out);
                if (request == null) return;
                String[] line = request.startLine().split(" ");
                String path = line.length > 1 ? line[1].replaceAll("\\?.*", "") : "/";
                if (path.equals("/console") || path.startsWith("/console/")) {
                    answer(out, line[0], path, request.body());
                    continue;
                }
                if (upstream == null || upstream.isClosed()) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    upstream.setTcpNoDelay(true);
                }
                upstream.getOutputStream().write(request.raw());
                upstream.getOutputStream().flush();
                Message response = Message.read(new BufferedInputStream(upstream.getInputStream(), 1), line[0], null);
                if (response == null) return;
                out.write(response.raw());
                out.flush();
                if (response.closes()) return;
            }
        } catch (IOException ignored) {
            // a side hung up
        } finally {
            try {
                if (upstream != null) upstream.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void answer(OutputStream out, String method, String path, byte[] body) throws IOException {
        if (path.equals("/console")) {
            respond(out, 301, "text/plain; charset=utf-8", new byte[0], "Location: /console/\r\n");
        } else if (path.equals("/console/dev-sign-in")) {
            signIn(out, method, new String(body, StandardCharsets.UTF_8));
        } else {
            Path file = console.resolve(path.equals("/console/") ? "index.html" : path.substring("/console/".length())).normalize();
            if (!method.equals("GET") || !file.startsWith(console) || !Files.isRegularFile(file)) {
                respond(out, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8), "");
                return;
            }
            String ext = file.getFileName().toString().replaceAll(".*\\.", "");
            // everything the console loads is its own: scripts, styles and API calls on this origin only
            respond(out, 200, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(file), "Cache-Control: no-store\r\n"
                    + "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: " + policy + "\r\n");
        }
    }

    /** As the distribution's policy on AWS (template.yaml ConsoleSecurityHeaders), with this config's Cognito origins. */
    private static String policy(Path config) throws IOException {
        StringBuilder connect = new StringBuilder("'self'");
        if (Files.isRegularFile(config)) {
            Matcher origin = Pattern.compile("\"(?:domain|idpEndpoint)\"\\s*:\\s*\"(https?://[^/\"]+)").matcher(Files.readString(config));
            while (origin.find()) if (connect.indexOf(origin.group(1)) < 0) connect.append(' ').append(origin.group(1));
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src " + connect
                + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /**
     * {"role":"admin"|"staff","stores":["store-ginza"]} -> {"token"}: minted by scripts/dev-token, the one place that
     * knows a person's token shape and the development key (a subject of its own, so the console's calls are told
     * apart from curl's).
     */
    private void signIn(OutputStream out, String method, String body) throws IOException {
        Matcher role = Pattern.compile("\"role\"\\s*:\\s*\"(admin|staff)\"").matcher(body);
        Matcher stores = Pattern.compile("\"stores\"\\s*:\\s*\\[([^\\]]*)]").matcher(body);
        if (!method.equals("POST") || !role.find()) {
            respond(out, 400, "application/problem+json", ("{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":400,\"field\":\"role\","
                    + "\"detail\":\"choose admin or staff\"}").getBytes(StandardCharsets.UTF_8), "");
            return;
        }
        List<String> command = new ArrayList<>(List.of("bash", "scripts/dev-token", role.group(1)));
        if (stores.find()) {
            Matcher id = Pattern.compile("\"([A-Za-z0-9._-]{1,64})\"").matcher(stores.group(1));
            while (id.find()) command.add(id.group(1));
        }
        ProcessBuilder mint = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        mint.environment().put("SUB", "console-" + String.join("-", command.subList(2, command.size())));
        Process p = mint.start();
        String token = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        try {
            if (p.waitFor() != 0 || token.isEmpty()) throw new IOException("scripts/dev-token failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        respond(out, 200, "application/json", ("{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8), "Cache-Control: no-store\r\n");
    }

    private static void respond(OutputStream out, int status, String type, byte[] body, String headers) throws IOException {
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : status == 301 ? " Moved Permanently" : status == 400 ? " Bad Request" : " Not Found")
                + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n" + headers + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /**
     * One HTTP/1.1 message: its start line, whether it ends the connection, its body, and its bytes as passed on. A
     * request's bytes leave out what belongs to this hop only: an offer to upgrade (Java's HttpClient offers h2c, which
     * the event server would take, and this gate speaks HTTP/1.1 only) and {@code Expect: 100-continue} (answered here).
     */
    record Message(String startLine, boolean closes, byte[] body, byte[] raw) {
        private static final java.util.Set<String> THIS_HOP = java.util.Set.of("upgrade", "http2-settings", "expect");

        /**
         * Reads one message ({@code requestMethod}: the method of the request a response answers; null for a request,
         * whose {@code Expect: 100-continue} is answered on {@code client}).
         */
        static Message read(InputStream in, String requestMethod, OutputStream client) throws IOException {
            String start = line(in);
            if (start == null) return null;
            while (start.isEmpty()) {
                start = line(in); // a stray CRLF between messages
                if (start == null) return null;
            }
            long length = -1;
            boolean chunked = false, closes = false, expects = false;
            StringBuilder head = new StringBuilder(start).append("\r\n");
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? "" : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                if (name.equals("content-length")) length = Long.parseLong(value);
                if (name.equals("transfer-encoding") && value.contains("chunked")) chunked = true;
                if (name.equals("connection") && value.contains("close")) closes = true;
                if (name.equals("expect") && value.contains("100-continue")) expects = true;
                if (requestMethod == null && THIS_HOP.contains(name)) continue;
                if (requestMethod == null && name.equals("connection")) {
                    // keep only what is not about the upgrade
                    String kept = java.util.Arrays.stream(h.substring(colon + 1).split(",")).map(String::trim)
                            .filter(t -> !t.equalsIgnoreCase("upgrade") && !t.equalsIgnoreCase("http2-settings")).collect(java.util.stream.Collectors.joining(", "));
                    if (!kept.isEmpty()) head.append(h, 0, colon).append(": ").append(kept).append("\r\n");
                    continue;
                }
                head.append(h).append("\r\n");
            }
            head.append("\r\n");
            if (expects && client != null) {
                client.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                client.flush();
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int status = requestMethod == null ? 0 : Integer.parseInt(start.split(" ")[1]);
            boolean noBody = requestMethod != null && (requestMethod.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1);
            if (noBody) {
                // nothing follows the head
            } else if (chunked) {
                for (String size = line(in); size != null; size = line(in)) {
                    raw.write((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    int n = Integer.parseInt(size.replaceAll(";.*", "").trim(), 16);
                    if (n == 0) {
                        for (String t = line(in); t != null; t = line(in)) {
                            raw.write((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            if (t.isEmpty()) break;
                        }
                        break;
                    }
                    byte[] chunk = in.readNBytes(n);
                    raw.write(chunk);
                    body.write(chunk);
                    raw.write((line(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
            } else if (length >= 0) {
                byte[] all = in.readNBytes((int) length);
                raw.write(all);
                body.write(all);
            } else if (requestMethod != null) {
                byte[] rest = in.readAllBytes(); // a response without a length ends with the connection
                raw.write(rest);
                body.write(rest);
                closes = true;
            }
            return new Message(start, closes, body.toByteArray(), raw.toByteArray());
        }

        /** One line without its CRLF; null at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') line.write(b);
            if (b == -1 && line.size() == 0) return null;
            String s = line.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
