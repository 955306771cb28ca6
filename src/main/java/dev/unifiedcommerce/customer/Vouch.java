package dev.unifiedcommerce.customer;

/**
 * Why a request may use what a customer owns (DESIGN.md "Who may spend what"): {@code by} the caller (a channel, or
 * staff at the till) and {@code how}: SHOPPER, the channel's shopper {@code ref} it bound after a verified contact;
 * BOUND, a customer id the channel bound that way; CODE, a code sent to the customer's phone or e-mail that the
 * shopper gave back ({@code ref}: the verification); CARD, at the till, the tap of a card already linked to the customer
 * (checked when the payment arrives: another card's payment is refunded and nothing of theirs is spent).
 */
public record Vouch(String by, How how, String ref) {
    public enum How { SHOPPER, BOUND, CODE, CARD }

    /** For the order's timeline. */
    public String describe() {
        return switch (how) {
            case SHOPPER -> "vouched by " + by + " for its verified shopper " + ref;
            case BOUND -> "vouched by " + by + " for a shopper it verified";
            case CODE -> "vouched by " + by + " with a code the shopper gave back (" + ref + ")";
            case CARD -> "vouched by " + by + " with the customer's own card, checked when it is tapped";
        };
    }
}
