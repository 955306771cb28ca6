package dev.unifiedcommerce.order;

import dev.unifiedcommerce.messaging.Messages;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Sends an order's payment link to the shopper: by SMS, and/or to the chat conversation's webhook. */
@ApplicationScoped
public class LinkDelivery {
    private final Messages messages;

    public LinkDelivery(Messages messages) { this.messages = messages; }

    public List<Messages.Outcome> deliver(Order order, String url, String phone, String chatWebhookUrl) {
        String text = "Your order " + order.id() + " (" + order.total().amount() + " " + order.total().currency().toUpperCase()
                + ") is held for you. Pay here: " + url;
        return messages.send(order.id(), text, Map.of("type", "payment_link", "orderId", order.id(), "url", url, "text", text), phone, chatWebhookUrl);
    }
}
