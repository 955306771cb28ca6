package dev.unifiedcommerce.order;

import java.util.List;

/** Sends a payment link to the shopper: by SMS, and/or to the chat conversation's webhook. */
public interface LinkDelivery {
    record Outcome(String channel, boolean delivered, String detail) {}

    List<Outcome> deliver(Order order, String url, String sms, String chatWebhookUrl);
}
