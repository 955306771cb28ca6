package dev.unifiedcommerce.messaging;

import java.util.List;
import java.util.Map;

/**
 * The one way the product reaches a person: a text by SMS, a message posted to a chat conversation's webhook, an
 * e-mail. Orders (payment links), visits (reminders), subscriptions (links) and customers (verification codes) all
 * send through it; who may be texted how often is {@link SmsPolicy}'s, which chat URLs may be called {@link ChatUrls}'.
 * A failure is an outcome, never an exception: what the message was about stands, and its caller says what happened.
 */
public interface Messages {
    /** What became of one message on one channel ({@code sms} or {@code chat}). */
    /**
     * How one message went. {@code refused}: not delivered, and asking again will not change that (a chat webhook
     * answering a 4xx other than 408 and 429: the conversation gone, the URL revoked), so nobody should.
     */
    record Outcome(String channel, boolean delivered, String detail, boolean refused) {
        public Outcome(String channel, boolean delivered, String detail) { this(channel, delivered, detail, false); }

        /** Worth another attempt later. */
        public boolean retriable() { return !delivered && !refused; }
    }

    /**
     * One message about {@code subject} (an order, a visit, a subscription): {@code text} by SMS to {@code phone} and/or
     * {@code chatMessage} posted to the conversation's webhook; either may be null.
     */
    List<Outcome> send(String subject, String text, Map<String, Object> chatMessage, String phone, String chatWebhookUrl);

    /** One e-mail about {@code subject}; false when it could not be sent. */
    boolean email(String subject, String to, String subjectLine, String text);
}
