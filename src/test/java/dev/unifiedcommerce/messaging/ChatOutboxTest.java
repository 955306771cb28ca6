package dev.unifiedcommerce.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.messaging.delivery.MessageDelivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's outbox, as a developer reads it while a chat webhook is down. */
class ChatOutboxTest {

    static NotifyConfig outboxIn(Path dir) {
        return new NotifyConfig() {
            @Override public String mode() { return "outbox"; }
            @Override public String outboxDir() { return dir.toString(); }
            @Override public Optional<String> snsEndpoint() { return Optional.empty(); }
            @Override public Optional<String> sesEndpoint() { return Optional.empty(); }
            @Override public Optional<String> emailFrom() { return Optional.empty(); }
            @Override public Optional<String> snsRegion() { return Optional.empty(); }
            @Override public boolean allowPrivateChatUrls() { return true; }
        };
    }

    @Test
    void aChatMessageTriedAgainIsOneFileInTheOutbox() throws IOException {
        Path dir = Files.createTempDirectory("outbox");
        var delivery = new MessageDelivery(outboxIn(dir), null, null, new ObjectMapper());
        Map<String, Object> link = Map.of("type", "payment_link", "orderId", "ord_1", "url", "https://pay.example/1");

        for (int attempt = 0; attempt < 3; attempt++) {
            var outcome = delivery.send("ord_1", "pay here", link, null, "http://127.0.0.1:9/hook").getFirst();
            assertThat(outcome.retriable()).isTrue(); // nothing listens there: worth another try later
        }

        try (Stream<Path> files = Files.list(dir.resolve("chat"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ord_1-payment_link.json");
        }
    }
}
