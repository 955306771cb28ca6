package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.order.Order;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Stripe has for an order's payment: found by listing when a create's answer never came, and stopped (intent
 * cancelled, session expired) when the order ends unpaid.
 */
@ApplicationScoped
public class PaymentObjects {
    private final PaymentGateway payments;
    private final FollowUps outbox;
    private final Clock clock;

    public PaymentObjects(PaymentGateway payments, FollowUps outbox, Clock clock) {
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What Stripe already made for this order, if anything (to settle a create whose answer never came). */
    public Optional<Order> findStarted(Order order) {
        Instant since = order.createdAt().minus(Duration.ofMinutes(5));
        return switch (order.payment().method()) {
            case CARD -> payments.findPaymentIntent(order.id(), since).map(c -> order.withPayment(new Order.Payment(Order.PaymentMethod.CARD,
                    c.paymentIntentId(), c.clientSecret(), null, null, null, null, Set.of(c.paymentIntentId()))));
            case TERMINAL -> payments.findPaymentIntent(order.id(), since).map(c -> order.withPayment(new Order.Payment(Order.PaymentMethod.TERMINAL,
                    c.paymentIntentId(), null, null, null, null, order.payment().readerId(), Set.of(c.paymentIntentId()))));
            case LINK -> payments.findCheckoutSession(order.id(), since).map(l -> order.withPayment(new Order.Payment(Order.PaymentMethod.LINK,
                    null, null, l.checkoutSessionId(), l.url(), l.expiresAt(), null, null)));
        };
    }

    /** Owed from the moment an order ends unpaid: its PaymentIntent cancelled or its Checkout Session expired at Stripe. */
    public FollowUp stopFollowUp(Order order) {
        return FollowUp.owed(FollowUp.Kind.STOP_PAYMENT, order.id(), Map.of("orderId", order.id()), clock.instant(), outbox.firstDue());
    }

    /** Stops whatever payment Stripe has for this unpaid order: the recorded one, or one made without our hearing of it. */
    public void stop(Order order) {
        if (order.payment().started()) {
            payments.stop(order);
            return;
        }
        // never recorded (its create got no answer): Stripe may still have made it; its list reaches back far enough
        if (order.createdAt().isAfter(clock.instant().minus(Duration.ofDays(1)))) findStarted(order).ifPresent(payments::stop);
    }
}
