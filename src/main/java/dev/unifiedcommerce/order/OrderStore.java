package dev.unifiedcommerce.order;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.List;
import java.util.Optional;

/** Where orders and their timelines are kept. */
public interface OrderStore {
    /** The new order and its first timeline entry, for the checkout transaction. */
    Writes createWrites(Order order, TimelineEntry first);

    /** Writes the new order, its first entry and {@code with} in one transaction (explained failures rethrown). */
    void create(Order order, TimelineEntry first, Writes with);

    Optional<Order> order(String id);

    /** A customer's orders from every channel, newest first. */
    List<Order> ordersOf(String customerId, int limit);

    List<TimelineEntry> timeline(String orderId);

    /** Records the started payment (once: a replay with the same Stripe objects changes nothing) and a timeline entry. */
    /**
     * Records the started payment with a timeline entry and {@code with}, if no payment was recorded yet; false (nothing
     * written) when one was: the request, a client's retry and the FollowUps function may all get there.
     */
    boolean recordPayment(Order order, Order.Payment payment, TimelineEntry entry, Writes with);

    /** The writes that move the order from {@code from} to {@code to}; their failed condition is {@link OrderStateChanged}. */
    Writes transitionWrites(String orderId, Order.Status from, Order.Status to, TimelineEntry entry);

    /**
     * The writes that mark the order PAID (from {@code from}) by this PaymentIntent (null: nothing to charge), with a
     * timeline entry, keeping the points its payment earned.
     */
    Writes paidWrites(String orderId, Order.Status from, Order.Status to, String paymentIntentId, TimelineEntry entry, long pointsEarned);

    /** Points the order at a new hold (its old one ran out before the payment arrived). */
    Writes holdSwapWrites(String orderId, String oldReservationId, String newReservationId);

    /** The tag of a fulfilment move: refused, the order is no longer PAID in {@code from}. */
    record FulfilmentMoved(String orderId) {}

    /** The writes of {@link #moveFulfilment}, for a caller's transaction (tagged {@link FulfilmentMoved}). */
    Writes fulfilmentWrites(Order order, Order.FulfilmentStatus from, Order.FulfilmentStatus to, TimelineEntry entry);

    /** Moves a PAID order's fulfilment from {@code from} to {@code to} (and into that queue); false if it moved meanwhile. */
    boolean moveFulfilment(Order order, Order.FulfilmentStatus from, Order.FulfilmentStatus to, TimelineEntry entry);

    record Page(List<Order> orders, String next) {}

    /** A location's orders in one fulfilment status, oldest first (the pickup queue). */
    Page queue(String locationId, Order.FulfilmentStatus status, int limit, String next);

    /** Gives an order that had no customer this one (found later, e.g. by card); false if it already had one. */
    Writes attachCustomerWrites(Order order, String customerId, long pointsEarned);

    /** Moves the order from {@code from} to {@code to} with an entry, in one transaction with {@code with}; false if it was not in {@code from}. */
    boolean transition(String orderId, Order.Status from, Order.Status to, TimelineEntry entry, Writes with);

    void append(String orderId, TimelineEntry entry);

    /** A timeline entry, for a caller's transaction. */
    Writes entryWrites(String orderId, TimelineEntry entry);

    /** A timeline entry written together with {@code with}. */
    void appendWith(String orderId, TimelineEntry entry, Writes with);
}
