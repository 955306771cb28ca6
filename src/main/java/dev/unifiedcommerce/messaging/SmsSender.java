package dev.unifiedcommerce.messaging;

/** Sends one SMS. In AWS: Amazon SNS. */
public interface SmsSender {
    void send(String e164, String text);
}
