package dev.unifiedcommerce.order;

import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpHandler;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.messaging.Messages;
import dev.unifiedcommerce.payment.IntentStatus;
import dev.unifiedcommerce.payment.PaymentObjects;
import dev.unifiedcommerce.payment.Payments;
import dev.unifiedcommerce.payment.Refunds;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.provider.StripeNames;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.terminal.ReaderStore;
import dev.unifiedcommerce.terminal.TerminalGateway;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What checkout owes Stripe and shoppers, performed by the FollowUps function until confirmed: refunds, automatic
 * refunds, payments whose start got no clear answer, reader actions, payments to stop, links to send. Each attempt
 * first finds out what Stripe already did, so nothing happens twice.
 */
@ApplicationScoped
public class CheckoutFollowUps implements FollowUpHandler {
    private final OrderStore orders;
    private final Checkout checkout;
    private final Refunds refunds;
    private final Payments payments;
    private final PaymentObjects stripeSide;
    private final Inventory inventory;
    private final ReaderStore readers;
    private final TerminalGateway terminal;
    private final FollowUpStore followUpStore;
    private final Clock clock;

    public CheckoutFollowUps(OrderStore orders, Checkout checkout, Refunds refunds, Payments payments, PaymentObjects stripeSide,
                             Inventory inventory, ReaderStore readers, TerminalGateway terminal, FollowUpStore followUpStore,
                             Clock clock) {
        this.followUpStore = followUpStore;
        this.orders = orders;
        this.checkout = checkout;
        this.refunds = refunds;
        this.payments = payments;
        this.stripeSide = stripeSide;
        this.inventory = inventory;
        this.readers = readers;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public Set<FollowUp.Kind> kinds() {
        return Set.of(FollowUp.Kind.SETTLE_REFUND, FollowUp.Kind.AUTOMATIC_REFUND, FollowUp.Kind.START_PAYMENT, FollowUp.Kind.READER_ACTION,
                FollowUp.Kind.STOP_PAYMENT, FollowUp.Kind.SEND_LINK);
    }

    @Override
    public Result perform(FollowUp f) {
        return switch (f.kind()) {
            case SETTLE_REFUND -> refunds.settle(f.get("orderId"), f.get("refundId"), f.data());
            case AUTOMATIC_REFUND -> payments.refundAutomatically(f.get("orderId"), f.get("paymentIntentId"), f.get("reason"), f.data());
            case START_PAYMENT -> startPayment(f);
            case READER_ACTION -> readerAction(f);
            case STOP_PAYMENT -> stopPayment(f);
            case SEND_LINK -> sendLink(f);
            case VISIT_REMINDER, TILL_READER -> new Result.Retry(f.kind() + " is another capability's"); // never routed here (kinds())
        };
    }

    /**
     * A checkout whose PaymentIntent or Checkout Session creation got no clear answer, and whose client did not come
     * back: what Stripe made is recorded (so its payment can be verified, and stopped when the hold ends); if Stripe
     * made nothing, it is asked again (same key while Stripe replays it). Stripe refusing: the stock goes back.
     */
    private Result startPayment(FollowUp f) {
        Order order = orders.order(f.get("orderId")).orElse(null);
        if (order == null || order.payment().started()) return new Result.Done("nothing to start");
        if (order.total().amount() == 0 && order.status() == Order.Status.AWAITING_PAYMENT) {
            checkout.payNothing(order); // its discounts cover it: nothing for Stripe to start
            return new Result.Done("nothing to pay; the order is paid");
        }
        Reservation hold = inventory.reservation(order.reservationId());
        var found = stripeSide.findStarted(order);
        int generation = Integer.parseInt(f.data().getOrDefault("generation", "0"));
        Order paying;
        if (found.isPresent()) {
            // recorded even when the order ended meanwhile: a payment on it is then recognised (and wins), or it is stopped
            paying = found.get();
            if (order.status() != Order.Status.AWAITING_PAYMENT) {
                boolean ended = order.status() == Order.Status.CANCELLED || order.status() == Order.Status.EXPIRED;
                // recorded together with the stop it now owes, so a failing stop is retried by its own follow-up
                checkout.recordStarted(order, paying, hold.holdExpiresAt(), null, null,
                        ended ? followUpStore.owedWrites(stripeSide.stopFollowUp(order)) : Writes.none());
                return new Result.Done("recorded what Stripe made for an order that ended; stopping it is owed");
            }
        } else if (order.status() != Order.Status.AWAITING_PAYMENT || hold.status() != Reservation.Status.HELD) {
            return new Result.Done("Stripe made nothing and the order ended");
        } else {
            boolean stale = order.createdAt().isBefore(clock.instant().minus(Duration.ofHours(23)));
            if ("true".equals(f.get("serverError")) || stale) generation++;
            try {
                paying = checkout.create(order, hold.holdExpiresAt(), Checkout.paymentKey(order, generation));
            } catch (StripeFailed e) {
                if (e.definite()) {
                    checkout.giveUp(order, e.getMessage());
                    return new Result.Done("Stripe refused: " + e.getMessage() + "; stock released");
                }
                Map<String, String> data = new HashMap<>(f.data());
                data.put("generation", Integer.toString(generation));
                if (e.serverError()) data.put("serverError", "true"); else data.remove("serverError");
                return new Result.Retry(e.getMessage(), data);
            }
        }
        // A till sale is not handed to the reader now: the shopper is no longer waiting at it. The hold's expiry stops it.
        checkout.recordStarted(order, paying, hold.holdExpiresAt(), f.get("sms"), f.get("chat"), Writes.none());
        return new Result.Done("payment recorded");
    }

    /** A till sale handed to a reader without a clear answer: the reader is read back, or asked again with the same key. */
    private Result readerAction(FollowUp f) {
        Order order = orders.order(f.get("orderId")).orElse(null);
        if (order == null || order.status() != Order.Status.AWAITING_PAYMENT) return new Result.Done("the order moved on");
        var reader = readers.reader(f.get("readerId")).orElse(null);
        if (reader == null) return new Result.Done("the reader is gone");
        String pi = f.get("paymentIntentId");
        var action = terminal.currentAction(reader.stripeReaderId());
        if (action.isPresent() && pi.equals(action.get().paymentIntentId())) {
            return new Result.Done("the reader has the payment (" + StripeNames.word(action.get().status()) + "); its webhooks finish it");
        }
        // the shopper may have paid on the reader meanwhile (and the reader moved on to another sale): then the
        // intent's own events finish the order; it is never cancelled or handed over again
        IntentStatus intentStatus = payments.intentStatus(pi);
        if (intentStatus != IntentStatus.REQUIRES_PAYMENT_METHOD) return new Result.Done("the PaymentIntent is " + intentStatus.word() + "; its events finish it");
        int generation = Integer.parseInt(f.data().getOrDefault("generation", "0"));
        if ("true".equals(f.get("serverError"))) generation++;
        try {
            checkout.handToReader(order, generation);
            return new Result.Done("handed to the reader");
        } catch (StripeFailed e) {
            if (e.definite()) return new Result.Done("Stripe refused: " + e.getMessage() + "; the order was cancelled");
            return new Result.Retry(e.getMessage(), null); // handToReader owed it again with the new state
        } catch (Rejected busy) {
            return new Result.Retry(busy.getMessage(), null);
        }
    }

    private Result stopPayment(FollowUp f) {
        Order order = orders.order(f.get("orderId")).orElse(null);
        if (order == null || order.status() == Order.Status.AWAITING_PAYMENT || order.status() == Order.Status.PAID) {
            return new Result.Done("nothing to stop");
        }
        try {
            stripeSide.stop(order);
            return new Result.Done("stopped");
        } catch (StripeFailed e) {
            return e.definite() ? new Result.Done("Stripe refused: " + e.getMessage()) : new Result.Retry(e.getMessage(), null);
        }
    }

    private Result sendLink(FollowUp f) {
        Order order = orders.order(f.get("orderId")).orElse(null);
        if (order == null || order.status() != Order.Status.AWAITING_PAYMENT) return new Result.Done("the order moved on");
        var outcomes = checkout.sendLink(order, f.get("sms"), f.get("chat"));
        List<String> failed = outcomes.stream().filter(Messages.Outcome::retriable).map(Messages.Outcome::channel).toList();
        if (failed.isEmpty()) return new Result.Done(outcomes.stream().allMatch(Messages.Outcome::delivered) ? "sent" : "sent where it could be; refused: "
                + outcomes.stream().filter(o -> !o.delivered()).map(Messages.Outcome::detail).toList());
        Map<String, String> data = new HashMap<>(f.data());
        if (!failed.contains("sms")) data.remove("sms");
        if (!failed.contains("chat")) data.remove("chat");
        return new Result.Retry("not delivered: " + failed, data);
    }
}
