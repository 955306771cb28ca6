package dev.unifiedcommerce.messaging.delivery;

/** Sends one SMS. In AWS: Amazon SNS. */
public interface SmsSender {
    void send(String e164, String text);
}
