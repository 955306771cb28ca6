package dev.unifiedcommerce.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.order.LinkDelivery;
import dev.unifiedcommerce.order.Order;
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
 * Delivers payment links. SMS goes through Amazon SNS in AWS and to the outbox (files) locally; chat links are a
 * JSON POST to the conversation's webhook (locally also copied to the outbox). A failure is an outcome, never an
 * exception: the order and its hold stand, and the timeline says what happened.
 */
@ApplicationScoped
public class MessageLinkDelivery implements LinkDelivery {
    private static final Logger LOG = Logger.getLogger(MessageLinkDelivery.class);

    private final NotifyConfig config;
    private final SmsSender sms;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final EmailSender email;

    public MessageLinkDelivery(NotifyConfig config, SmsSender sms, EmailSender email, ObjectMapper json) {
        this.config = config;
        this.sms = sms;
        this.email = email;
        this.json = json;
    }

    @Override
    public List<Outcome> deliver(Order order, String url, String phone, String chatWebhookUrl) {
        String text = "Your order " + order.id() + " (" + order.total().amount() + " " + order.total().currency().toUpperCase()
                + ") is held for you. Pay here: " + url;
        return send(order.id(), text, Map.of("type", "payment_link", "orderId", order.id(), "url", url, "text", text), phone, chatWebhookUrl);
    }

    /**
     * One message about {@code subject} (an order, a visit): {@code text} by SMS to {@code phone} and/or
     * {@code chatMessage} posted to the conversation's webhook; each an outcome, never an exception.
     */
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
                if ("outbox".equals(config.mode())) outbox("chat", subject, Map.of("to", chatWebhookUrl, "message", message));
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
                outcomes.add(new Outcome("chat", ok, ok ? "posted" : "chat webhook answered " + status));
            } catch (IOException | RuntimeException e) {
                outcomes.add(new Outcome("chat", false, "chat webhook unreachable"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new Outcome("chat", false, "interrupted"));
            }
        }
        return outcomes;
    }

    /** One e-mail about {@code subject} (SES in AWS, the outbox's email/ locally); false when it could not be sent. */
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

    private void outbox(String kind, String subject, Map<String, Object> message) throws IOException {
        Path dir = Path.of(config.outboxDir(), kind);
        Files.createDirectories(dir);
        Files.write(dir.resolve(subject + "-" + System.nanoTime() + ".json"), json.writeValueAsBytes(message));
    }
}
