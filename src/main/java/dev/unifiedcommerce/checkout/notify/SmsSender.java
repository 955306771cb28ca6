package dev.unifiedcommerce.checkout.notify;

/** Sends one SMS. In AWS: Amazon SNS. */
public interface SmsSender {
    void send(String e164, String text);
}
