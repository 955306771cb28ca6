package dev.unifiedcommerce.customer;

/**
 * One shopper across every channel, found by phone (E.164) or e-mail. {@code possibleDuplicateOf}: another customer a
 * checkout's contact details also pointed at (a phone of one and an e-mail of another), for staff to look at.
 */
public record Customer(String id, String name, String phone, String email, long loyaltyPoints, String possibleDuplicateOf) {}
