package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.catalog.Money;

import java.time.Instant;

/**
 * Money that does not fit its order and needs a person: a payment for the wrong amount or currency, a second
 * payment of one order, a PaymentIntent another integration made naming our order. {@code detail} says which and
 * what was done (refunded automatically, or alerted only). FOLLOW_UP: a Stripe call or message owed for longer than it
 * should be, with how many {@code attempts} were made since {@code since}.
 */
public record PaymentIssue(String issueId, Kind kind, String orderId, String locationId, String paymentIntentId, Money expected,
                           Money actual, String detail, Instant since, Status status, Resolution resolution, Integer attempts,
                           String followUpId) {
    public enum Kind { MISMATCH, FOLLOW_UP, DRIFT }

    public enum Status { OPEN, RESOLVED }

    public record Resolution(String by, String note, Instant at) {}
}
