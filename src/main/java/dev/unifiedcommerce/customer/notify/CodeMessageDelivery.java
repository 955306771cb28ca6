package dev.unifiedcommerce.customer.notify;

import dev.unifiedcommerce.messaging.MessageLinkDelivery;
import dev.unifiedcommerce.customer.CodeMessages;
import dev.unifiedcommerce.customer.Verification;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Verification codes by SMS (SNS; the outbox locally) or e-mail (SES; the outbox locally), through the product's one sender. */
@ApplicationScoped
public class CodeMessageDelivery implements CodeMessages {
    private final MessageLinkDelivery delivery;

    public CodeMessageDelivery(MessageLinkDelivery delivery) { this.delivery = delivery; }

    @Override
    public boolean send(Verification.Kind kind, String destination, String subject, String text) {
        return switch (kind) {
            case PHONE -> delivery.send("verification", text, Map.of(), destination, null).stream().allMatch(o -> o.delivered());
            case EMAIL -> delivery.email("verification", destination, subject, text);
        };
    }
}
