package dev.unifiedcommerce.messaging.delivery;

/** Sends one plain-text e-mail. In AWS: Amazon SES. */
public interface EmailSender {
    void send(String to, String subject, String text);
}
