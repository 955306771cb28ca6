package dev.unifiedcommerce.messaging.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.messaging.ChatUrls;
import dev.unifiedcommerce.messaging.Messages;
import dev.unifiedcommerce.messaging.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link Messages} as sent: SMS through Amazon SNS and e-mail through Amazon SES in AWS, to the outbox (files) locally;
 * chat messages are a JSON POST to the conversation's webhook (locally also copied to the outbox).
 */
@ApplicationScoped
public class MessageDelivery implements Messages {
    private static final Logger LOG = Logger.getLogger(MessageDelivery.class);

    private final NotifyConfig config;
    private final SmsSender sms;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final EmailSender email;

    public MessageDelivery(NotifyConfig config, SmsSender sms, EmailSender email, ObjectMapper json) {
        this.config = config;
        this.sms = sms;
        this.email = email;
        this.json = json;
    }

    @Override
    public List<Outcome> send(String subject, String text, Map<String, Object> chatMessage, String phone, String chatWebhookUrl) {
        List<Outcome> outcomes = new ArrayList<>();
        if (phone != null) {
            try {
                if ("outbox".equals(config.mode())) outbox("sms", subject, Map.of("to", phone, "text", text));
                else sms.send(phone, text);
                outcomes.add(new Outcome("sms", true, "sent"));
            } catch (RuntimeException | IOException e) {
                LOG.warnf("SMS about %s failed: %s", subject, e.getClass().getSimpleName());
                outcomes.add(new Outcome("sms", false, "SMS could not be sent"));
            }
        }
        if (chatWebhookUrl != null) {
            Map<String, Object> message = chatMessage;
            try {
                // locally the outbox keeps a copy: one file per message, which a retried attempt overwrites
                if ("outbox".equals(config.mode())) write("chat", subject + "-" + message.getOrDefault("type", "message"), Map.of("to", chatWebhookUrl, "message", message));
                URI target = ChatUrls.check(chatWebhookUrl, config.allowPrivateChatUrls());
                int status;
                if (config.allowPrivateChatUrls()) {
                    // the local stack: plain http to a conversation on this machine is allowed
                    status = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(message))).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } else {
                    // the address checked is the address connected to (resolved once; no redirects)
                    status = PinnedHttps.post(ChatUrls.target(target, ChatUrls.Resolver.SYSTEM), json.writeValueAsBytes(message),
                            Duration.ofSeconds(3), Duration.ofSeconds(5));
                }
                boolean ok = status / 100 == 2;
                outcomes.add(new Outcome("chat", ok, ok ? "posted" : "chat webhook answered " + status, gone(status)));
            } catch (IOException | RuntimeException e) {
                outcomes.add(new Outcome("chat", false, "chat webhook unreachable"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new Outcome("chat", false, "interrupted"));
            }
        }
        return outcomes;
    }

    @Override
    public boolean email(String subject, String to, String subjectLine, String text) {
        try {
            if ("outbox".equals(config.mode())) outbox("email", subject, Map.of("to", to, "subject", subjectLine, "text", text));
            else email.send(to, subjectLine, text);
            return true;
        } catch (RuntimeException | IOException e) {
            LOG.warnf("e-mail about %s failed: %s", subject, e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * A 4xx other than 408 (timeout) and 429 (too many) says the request itself is wrong for that webhook (the
     * conversation closed, the URL revoked): the same message will be refused again.
     */
    static boolean gone(int status) { return status / 100 == 4 && status != 408 && status != 429; }

    /** SMS and e-mail: a file per message sent. */
    private void outbox(String kind, String subject, Map<String, Object> message) throws IOException {
        write(kind, subject + "-" + System.nanoTime(), message);
    }

    private void write(String kind, String name, Map<String, Object> message) throws IOException {
        Path dir = Path.of(config.outboxDir(), kind);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".json"), json.writeValueAsBytes(message));
    }
}
