package dev.unifiedcommerce.customer;

/** One shopper across every channel, found by phone (E.164) or e-mail. */
public record Customer(String id, String name, String phone, String email, long loyaltyPoints) {}
