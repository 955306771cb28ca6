package dev.unifiedcommerce.messaging.delivery;

import dev.unifiedcommerce.messaging.ChatUrls;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The chat webhook call as a whole ends in its time, whatever the server at the other end does. */
class PinnedHttpsTest {

    /**
     * A server that starts a TLS record of 16 KB and then sends one byte every 100 ms: every single read succeeds well
     * inside the read timeout, so only a deadline on the whole call stops it (otherwise it runs for half an hour).
     */
    @Test
    void aServerThatTricklesItsAnswerIsCutOffAtTheCallsDeadline() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread trickler = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[]{0x16, 0x03, 0x03, 0x40, 0x00}); // handshake record header, 16384 bytes to come
                    out.flush();
                    while (true) {
                        out.write(0x02);
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the client hung up: done
                }
            });
            var target = new ChatUrls.Target(URI.create("https://chat.example.com:" + server.getLocalPort() + "/hook"), InetAddress.getLoopbackAddress());

            assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThatThrownBy(() -> PinnedHttps.post(target, "{}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500), Duration.ofMillis(500)))
                            .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("no answer within 1000 ms"));
            trickler.join(5_000);
            assertThat(trickler.isAlive()).as("the server saw the connection closed").isFalse();
        }
    }
}
