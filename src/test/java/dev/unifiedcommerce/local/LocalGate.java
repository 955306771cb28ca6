package dev.unifiedcommerce.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The local stack's front door: a plain TCP pipe from 127.0.0.1:PORT to the application's Lambda event server.
 * scripts/local-up opens it only once the application answers, because the event server itself accepts requests
 * (and answers 500) while the application is still starting. Arguments: LISTEN_PORT TARGET_PORT
 */
public final class LocalGate {
    private LocalGate() {}

    public static void main(String[] args) throws IOException {
        int listen = Integer.parseInt(args[0]), target = Integer.parseInt(args[1]);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen), 256);
            System.out.println("ready");
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> pipe(client, target));
            }
        }
    }

    private static void pipe(Socket client, int target) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException | InterruptedException ignored) {
            // a side hung up
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException ignored) {
            // closed
        }
    }
}
