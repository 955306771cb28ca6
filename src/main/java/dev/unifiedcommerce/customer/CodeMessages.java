package dev.unifiedcommerce.customer;

/** Sends a verification code to a phone (SMS) or an e-mail address; false when it could not be sent. */
public interface CodeMessages {
    boolean send(Verification.Kind kind, String destination, String subject, String text);
}
