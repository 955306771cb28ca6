package dev.unifiedcommerce.order;

/**
 * An order became PAID (fired after the transaction that made it so): what it took from elsewhere (a visit's items)
 * can be settled. Observers are best effort; whatever they settle also settles itself later (a visit's hold expires).
 */
public record OrderPaid(Order order) {}
