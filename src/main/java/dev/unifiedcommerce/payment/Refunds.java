package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpHandler;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.order.DiscountUses;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStateChanged;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Refunds from any channel (an online order returned in a store): never more than was paid, booked on the order
 * before Stripe is asked (so two refunds cannot both take the last of the money), given back if Stripe refuses, and
 * completed once per Stripe refund (the ledger's refund marker), whether our answer or a webhook gets there first.
 * Returned goods can go back into a store's stock; loyalty earned on the refunded money is taken back. Everything the
 * completion will write is checked against DynamoDB's transaction rules before Stripe is asked, so nothing can fail
 * after Stripe refunded for a reason that could have been seen before.
 */
@ApplicationScoped
public class Refunds {
    public record RequestedLine(String sku, int quantity) {}

    /** {@code storeId}: the store giving the refund (reported there; null: the order's own location). */
    public record Request(List<RequestedLine> lines, Money amount, String restockLocationId, String reason, String storeId) {}

    public record Result(String refundId, String status, Money amount, String stripeRefundId) {}

    private final OrderStore orders;
    private final RefundStore refunds;
    private final PaymentGateway gateway;
    private final Inventory inventory;
    private final CatalogStore catalog;
    private final Loyalty loyalty;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final FollowUpStore followUps;
    private final FollowUps outbox;
    private final Clock clock;
    private final DiscountUses uses;

    public Refunds(OrderStore orders, RefundStore refunds, PaymentGateway gateway, Inventory inventory, CatalogStore catalog,
                   Loyalty loyalty, PaymentLedger ledger, MoneyTransactions money, FollowUpStore followUps, FollowUps outbox, Clock clock, DiscountUses uses) {
        this.uses = uses;
        this.followUps = followUps;
        this.outbox = outbox;
        this.orders = orders;
        this.refunds = refunds;
        this.gateway = gateway;
        this.inventory = inventory;
        this.catalog = catalog;
        this.loyalty = loyalty;
        this.ledger = ledger;
        this.money = money;
        this.clock = clock;
    }

    /** A refund booked on the order as it was read. */
    private record Booked(RefundStore.RefundableOrder read, RefundStore.RefundRecord request) {}

    /**
     * Books and asks for a refund; {@code with} (given the new refund id) joins the booking transaction. One read of the
     * order (its refunds so far ride on it), the booking (a restock location's existence checked in it), Stripe, the
     * completion, and closing the order when nothing is left.
     */
    public Result refund(String orderId, Request r, String by, Function<String, Writes> with) {
        Booked booked = Contention.retry("order '" + orderId + "'", () -> {
            var read = refunds.refundable(orderId).orElseThrow(() -> Rejected.notFound("order", "orderId", orderId));
            Order order = read.order();
            if (order.status() != Order.Status.PAID) {
                throw Rejected.conflict("order-not-refundable", "Order not refundable", "order '" + orderId + "' is " + order.status());
            }
            RefundStore.Refunded before = read.refunded();
            RefundStore.RefundRecord candidate = plan(order, before, r);
            completionWrites(order, candidate, "re_shape_check", RefundStatus.SUCCEEDED, PaymentLedger.Source.NONE).shapeProblem().ifPresent(problem -> {
                throw Rejected.unusable("lines", "this refund cannot be booked in one step (" + problem + "); split it");
            });
            Writes restockAt = r.restockLocationId() == null ? Writes.none() : catalog.locationExists(r.restockLocationId(),
                    () -> Rejected.unusable("restockLocationId", "unknown location '" + r.restockLocationId() + "'"));
            try {
                money.commit(refunds.requestWrites(order, before, candidate).and(orders.entryWrites(orderId,
                        new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUND_REQUESTED, by, candidate.amount() + " " + candidate.currency()
                                + (candidate.restockLocationId() != null ? ", restock at " + candidate.restockLocationId() : "")
                                + (candidate.reason() != null ? " (" + candidate.reason() + ")" : ""))))
                        .and(restockAt)
                        .and(with.apply(candidate.refundId()))
                        .and(followUps.owedWrites(settleFollowUp(candidate, "uc-" + candidate.refundId(), 0, false))));
                return Optional.of(new Booked(read, candidate));
            } catch (OrderStateChanged changed) {
                return Optional.empty(); // another refund or a webhook changed the order: recompute from what is left
            }
        });
        RefundStore.RefundableOrder read = booked.read();
        RefundStore.RefundRecord request = booked.request();
        boolean coversTheRest = read.refunded().amount() + request.amount() >= read.order().total().amount();
        if (request.amount() == 0) return returnedFree(read.order(), read.refunded(), request);
        return send(read.order(), request, by, "uc-" + request.refundId(), 0, coversTheRest);
    }

    /**
     * Units the shopper paid nothing for (a discount covered them): no money moves, so Stripe is not asked; the return is
     * completed here (goods restocked) and, once every unit of the order is back, the order is closed as refunded.
     */
    private Result returnedFree(Order order, RefundStore.Refunded before, RefundStore.RefundRecord request) {
        String noStripeRefund = "none-" + request.refundId();
        if (complete(order, request, noStripeRefund, RefundStatus.SUCCEEDED, PaymentLedger.Source.NONE)) {
            Map<String, Integer> back = new HashMap<>(before.quantities());
            request.lines().forEach(l -> back.merge(l.sku(), l.quantity(), Integer::sum));
            Map<String, Integer> bought = new HashMap<>();
            order.lines().forEach(l -> bought.merge(l.sku(), l.quantity(), Integer::sum));
            if (back.equals(bought) && before.amount() >= order.total().amount()) {
                refunds.closeIfFullyRefunded(order.id(), order.total().amount(), fullyRefundedEntry(order.id()).and(uses.giveBackPersonal(order)));
            }
        }
        return new Result(request.refundId(), RefundStatus.SUCCEEDED.word(), new Money(0, request.currency()), null);
    }

    /** The refund is owed to the shopper from the moment it is booked, until Stripe confirms it or refuses it. */
    private FollowUp settleFollowUp(RefundStore.RefundRecord r, String key, int generation, boolean serverError) {
        Map<String, String> data = new HashMap<>(Map.of("orderId", r.orderId(), "refundId", r.refundId(), "key", key,
                "generation", Integer.toString(generation), "firstSentAt", clock.instant().toString()));
        if (serverError) data.put("serverError", "true");
        return FollowUp.owed(FollowUp.Kind.SETTLE_REFUND, r.refundId(), data, clock.instant(), outbox.firstDue());
    }

    static String settleFollowUpId(String refundId) { return FollowUp.owed(FollowUp.Kind.SETTLE_REFUND, refundId, Map.of(), Instant.EPOCH, Instant.EPOCH).id(); }

    /**
     * Asks Stripe for a booked refund. Stripe refusing: the booking is given back (502). No clear answer: the booking
     * stays PENDING and owed, the caller hears PENDING (202), and it is settled by sending the same request with the same
     * key, or by reading Stripe ({@link #settle}).
     */
    public Result ask(RefundStore.RefundRecord request, String by) {
        return send(orders.order(request.orderId()).orElseThrow(), request, by, "uc-" + request.refundId(), 0, null);
    }

    /**
     * {@code closes}: whether the booked refunds, this one included, covered the order's total when it was booked (then
     * its completion closes the order; otherwise whoever books the rest does); null when not known (read then).
     */
    private Result send(Order order, RefundStore.RefundRecord request, String by, String key, int generation, Boolean closes) {
        PaymentGateway.Refund stripe;
        try {
            stripe = gateway.refund(order.payment().paymentIntentId(), request.amount(), request.reason(), key,
                    Map.of("orderId", order.id(), "refundId", request.refundId()));
        } catch (StripeFailed e) {
            if (e.definite()) {
                giveBack(order, request, by, e.getMessage());
                throw e;
            }
            if (e.serverError()) {
                // Stripe replays a 5xx to the same key: the next try reads Stripe first, then uses a new key
                money.commit(followUps.owedWrites(settleFollowUp(request, key, generation, true)));
            }
            orders.append(order.id(), new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUND_PENDING, by, "Stripe did not confirm (" + e.getMessage()
                    + "); settled automatically"));
            return new Result(request.refundId(), PENDING, new Money(request.amount(), request.currency()), null);
        }
        if (complete(order, request, stripe.stripeRefundId(), stripe.status(), PaymentLedger.Source.NONE)) {
            // booked with the rest refunded (or booked) already: close, if that still holds; not known: read and see
            if (closes == null) closeIfFullyRefunded(order.id());
            else if (closes) refunds.closeIfFullyRefunded(order.id(), order.total().amount(), fullyRefundedEntry(order.id()).and(uses.giveBackPersonal(order)));
        }
        return new Result(request.refundId(), stripe.status().word(), new Money(request.amount(), request.currency()), stripe.stripeRefundId());
    }

    /** Stripe refused a booked refund: the booking is given back (the order PAID again if a refund closed it meanwhile). */
    private void giveBack(Order first, RefundStore.RefundRecord request, String by, String why) {
        Contention.retryUntil("order '" + first.id() + "'", () -> {
            var read = refunds.refundable(first.id()).orElseThrow();
            boolean reopen = reopens(read, request);
            Writes entries = orders.entryWrites(first.id(), new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUND_FAILED, by, why));
            if (reopen) entries = entries.and(orders.entryWrites(first.id(), new TimelineEntry(clock.instant().plusMillis(1), TimelineEntry.Type.PAID_AGAIN, null,
                    "a refund failed; the order is paid again"))).and(uses.retakePersonal(read.order()));
            try {
                money.commit(refunds.undoWrites(request, read, reopen).and(followUps.doneWrites(settleFollowUpId(request.refundId()))).and(entries));
                return true;
            } catch (RefundStore.RefundStateChanged settled) {
                return true; // settled already by another path
            } catch (OrderStateChanged closedOrReopened) {
                return false; // a refund closed or a failure reopened the order meanwhile: read again
            }
        });
    }

    /**
     * A fully refunded order whose refund is given back is PAID again only if, without it, less than the total is
     * refunded (a Dashboard refund of everything meanwhile keeps it REFUNDED).
     */
    private static boolean reopens(RefundStore.RefundableOrder read, RefundStore.RefundRecord given) {
        return read.order().status() == Order.Status.REFUNDED && read.refunded().amount() - given.amount() < read.order().total().amount();
    }

    /** What a PENDING refund's caller is told: the refund is booked; Stripe's answer is still owed. */
    public static final String PENDING = "PENDING";

    /**
     * Settles a refund whose answer never came (the FollowUps function; a client replaying its Idempotency-Key): Stripe's
     * refunds of the payment are read first, so a refund Stripe made is completed and never made twice; only when Stripe
     * has none is the request sent again, with the same key while Stripe still replays it (23 hours, no 5xx seen),
     * else with a new one. At most one Stripe refund per booking.
     */
    public FollowUpHandler.Result settle(String orderId, String refundId, Map<String, String> data) {
        var request = refunds.refund(orderId, refundId).orElse(null);
        if (request == null || request.status() != RefundStore.Status.PENDING) return new FollowUpHandler.Result.Done("refund " + refundId + " settled");
        Order order = orders.order(orderId).orElseThrow();
        var made = gateway.refundsOf(order.payment().paymentIntentId()).stream()
                .filter(r -> r.metadata() != null && refundId.equals(r.metadata().get("refundId"))).findFirst();
        if (made.isPresent()) {
            var r = made.get();
            if (r.status() == RefundStatus.REQUIRES_ACTION) return new FollowUpHandler.Result.Retry("Stripe's refund " + r.stripeRefundId() + " awaits action");
            if (r.status().stands()) {
                complete(orderId, refundId, r.stripeRefundId(), r.status(), PaymentLedger.Source.NONE);
            } else {
                failedLater(orderId, refundId, r.stripeRefundId(), r.status(), PaymentLedger.Source.NONE);
            }
            return new FollowUpHandler.Result.Done("Stripe has refund " + r.stripeRefundId() + " (" + r.status().word() + ")");
        }
        int generation = Integer.parseInt(data.getOrDefault("generation", "0"));
        String key = data.getOrDefault("key", "uc-" + refundId);
        Instant firstSent = data.containsKey("firstSentAt") ? Instant.parse(data.get("firstSentAt")) : Instant.EPOCH;
        if ("true".equals(data.get("serverError")) || firstSent.isBefore(clock.instant().minus(Duration.ofHours(23)))) {
            // Stripe replays a 5xx (and forgets keys after a day): Stripe made nothing, so a new key, kept before it is used
            generation++;
            key = "uc-" + refundId + "-" + generation;
            money.commit(followUps.owedWrites(settleFollowUp(request, key, generation, false)));
        }
        try {
            Result result = send(order, request, "FOLLOW_UP", key, generation, null);
            // unclear again: what the next try works from is already kept (send notes a 5xx on the follow-up itself)
            return PENDING.equals(result.status()) ? new FollowUpHandler.Result.Retry("Stripe did not confirm", null)
                    : new FollowUpHandler.Result.Done("refunded " + result.stripeRefundId());
        } catch (StripeFailed refused) {
            return new FollowUpHandler.Result.Done("Stripe refused: " + refused.getMessage() + "; the booking was given back");
        }
    }

    /** A client replaying its refund's Idempotency-Key: one settling attempt now, then where the refund stands. */
    public Result settleNow(String orderId, String refundId) {
        var request = refunds.refund(orderId, refundId).orElseThrow();
        if (request.status() == RefundStore.Status.PENDING) {
            var owed = followUps.followUp(settleFollowUpId(refundId));
            try {
                settle(orderId, refundId, owed.map(FollowUp::data).orElse(Map.of()));
            } catch (StripeFailed stillUnclear) {
                // Stripe could not be read or asked now: the refund stays PENDING and owed; the caller hears that
            }
            request = refunds.refund(orderId, refundId).orElseThrow();
        }
        return switch (request.status()) {
            case PENDING -> new Result(refundId, PENDING, new Money(request.amount(), request.currency()), null);
            case SUCCEEDED -> new Result(refundId, (request.stripeStatus() == null ? RefundStatus.SUCCEEDED : request.stripeStatus()).word(), new Money(request.amount(), request.currency()), request.stripeRefundId());
            case FAILED -> new Result(refundId, RefundStatus.FAILED.word(), new Money(request.amount(), request.currency()), request.stripeRefundId());
        };
    }

    private RefundStore.RefundRecord plan(Order order, RefundStore.Refunded before, Request r) {
        long left = order.total().amount() - before.amount();
        List<RefundStore.RefundLine> lines = new ArrayList<>();
        long amount, points = 0;
        if (r.lines() != null && !r.lines().isEmpty()) {
            amount = 0;
            // An item scanned twice at the till is one line of two: each SKU is booked, restocked and counted once.
            Map<String, Integer> wanted = new LinkedHashMap<>();
            r.lines().forEach(l -> wanted.merge(l.sku(), l.quantity(), Integer::sum));
            for (var want : wanted.entrySet()) {
                String sku = want.getKey();
                List<Order.Line> bought = order.lines().stream().filter(l -> l.sku().equals(sku)).toList();
                if (bought.isEmpty()) throw Rejected.unusable("lines[" + sku + "].sku", "'" + sku + "' is not in this order");
                // one SKU is one line (a hold taken over may have held it in two places: priced alike, refunded as one)
                Order.Line line = new Order.Line(sku, bought.getFirst().name(), bought.stream().mapToInt(Order.Line::quantity).sum(),
                        bought.getFirst().unitAmount(), bought.getFirst().locationId(), bought.stream().mapToLong(Order.Line::discount).sum(),
                        bought.stream().mapToLong(Order.Line::points).sum());
                int already = before.quantities().getOrDefault(sku, 0);
                int refundable = line.quantity() - already;
                if (want.getValue() > refundable) {
                    throw new Rejected(Rejected.Kind.CONFLICT, "refund-exceeds-purchase", "More than was bought",
                            "only " + refundable + " unit(s) of " + sku + " are left to refund", "lines", null, null);
                }
                lines.add(new RefundStore.RefundLine(sku, want.getValue(), line.unitAmount()));
                // what was paid for these units: their price less their share of the order's discounts; and their points
                amount += line.paidFor(already + want.getValue()) - line.paidFor(already);
                points += line.pointsFor(already + want.getValue()) - line.pointsFor(already);
            }
        } else {
            if (r.amount() == null) throw Rejected.invalid("lines", "give lines or an amount");
            if (!r.amount().currency().equals(order.total().currency())) {
                throw Rejected.invalid("amount.currency", "must be the order's currency (" + order.total().currency() + ")");
            }
            if (r.restockLocationId() != null) throw Rejected.invalid("restockLocationId", "restocking needs lines, not an amount");
            amount = r.amount().amount();
            points = pointsInProportion(order, before, amount);
        }
        if (r.restockLocationId() != null && order.fulfilment().status() == Order.FulfilmentStatus.BACKORDERED) {
            throw Rejected.unusable("restockLocationId", "order '" + order.id() + "' is backordered: its goods never left the warehouse");
        }
        if (order.fulfilment().status() == Order.FulfilmentStatus.BACKORDERED && amount != left) {
            // it ships whole when stock arrives: part of it refunded would still be sent
            throw Rejected.unusable(r.lines() != null && !r.lines().isEmpty() ? "lines" : "amount", "order '" + order.id()
                    + "' is backordered: refund all of it, or refund part once it has shipped");
        }
        // units a discount paid for in full come back for nothing (restocked, the order closed once all are back)
        if (amount < 0 || (amount == 0 && lines.isEmpty())) throw Rejected.invalid("amount", "must be more than 0");
        if (amount > left) {
            throw new Rejected(Rejected.Kind.CONFLICT, "refund-exceeds-payment", "More than was paid",
                    "only " + left + " " + order.total().currency() + " are left to refund", "amount", Map.of("refundable", left), null);
        }
        // never more points back than the order spent, whatever mix of line and amount refunds came before
        points = Math.max(0, Math.min(points, order.pointsSpent() - before.points()));
        return new RefundStore.RefundRecord(Ids.newId("rfd"), order.id(), amount, order.total().currency(), lines, r.restockLocationId(),
                r.reason(), RefundStore.Status.PENDING, null, null, points, r.storeId() != null ? r.storeId() : r.restockLocationId());
    }

    /** The spent points an amount refund gives back: in proportion to the money, of what is left of both, rounded down. */
    private static long pointsInProportion(Order order, RefundStore.Refunded before, long amount) {
        long moneyLeft = order.total().amount() - before.amount();
        long pointsLeft = order.pointsSpent() - before.points();
        if (moneyLeft <= 0 || pointsLeft <= 0) return 0;
        return amount >= moneyLeft ? pointsLeft : pointsLeft * amount / moneyLeft;
    }

    /**
     * Completes one of our refunds once Stripe took it, exactly once per Stripe refund (our answer and the refund.*
     * webhooks race): goods back in stock, points taken back, order REFUNDED when nothing is left.
     */
    public boolean complete(String orderId, String refundId, String stripeRefundId, RefundStatus stripeStatus, PaymentLedger.Source source) {
        var request = refunds.refund(orderId, refundId).orElse(null);
        if (request == null || request.status() != RefundStore.Status.PENDING) return false;
        if (!complete(orders.order(orderId).orElseThrow(), request, stripeRefundId, stripeStatus, source)) return false;
        closeIfFullyRefunded(orderId);
        return true;
    }

    /** As above, with the order and the PENDING request as the caller has them; the order is not closed here. */
    private boolean complete(Order order, RefundStore.RefundRecord request, String stripeRefundId, RefundStatus stripeStatus, PaymentLedger.Source source) {
        try {
            money.commit(completionWrites(order, request, stripeRefundId, stripeStatus, source));
            return true;
        } catch (AlreadyRecorded | RefundStore.RefundStateChanged done) {
            return false; // completed by the other path (answer or webhook) a moment ago
        }
    }

    private Writes fullyRefundedEntry(String orderId) {
        return orders.entryWrites(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.FULLY_REFUNDED, null, null));
    }

    /** Everything a completed refund writes, in one transaction: the same writes are shape-checked before Stripe is asked. */
    private Writes completionWrites(Order order, RefundStore.RefundRecord request, String stripeRefundId, RefundStatus stripeStatus, PaymentLedger.Source source) {
        Writes writes = refunds.succeededWrites(request, stripeRefundId, stripeStatus)
                .and(ledger.refundWrites(stripeRefundId, order.id(), request.amount()))
                .and(followUps.doneWrites(settleFollowUpId(request.refundId())))
                // points earned on the money are taken back, points spent on the goods given back: one change of the balance
                .and(loyalty.post(order.customerId(), loyalty.reversalEntry(order.id(), earnedBy(order), order.total(), request.amount(), request.refundId()),
                        loyalty.pointsEntry(order.id(), request.points(), "RETURNED#" + request.refundId())))
                .and(orders.entryWrites(order.id(), new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUNDED, null,
                        request.amount() + " " + request.currency() + " (Stripe refund " + stripeRefundId + ", " + stripeStatus.word() + ")")));
        if (request.restockLocationId() != null) {
            for (RefundStore.RefundLine l : request.lines()) writes = writes.and(inventory.restockWrites(l.sku(), request.restockLocationId(), l.quantity()));
        }
        return writes.and(ledger.eventWrites(source));
    }

    /** PAID -> REFUNDED once nothing is left to refund (a separate step: two partial refunds may finish together). */
    private void closeIfFullyRefunded(String orderId) {
        Order order = orders.order(orderId).orElseThrow();
        if (order.status() == Order.Status.PAID && refunds.refunded(orderId).amount() >= order.total().amount()) {
            refunds.closeIfFullyRefunded(orderId, order.total().amount(), fullyRefundedEntry(orderId).and(uses.giveBackPersonal(order)));
        }
    }

    /**
     * Stripe reported one of our refunds failed (refund.updated, status failed/canceled): the money stayed with the
     * shop, so the order's refunded amount is given back, the points taken back are earned again, and a fully refunded
     * order is PAID again. Goods already restocked stay in stock (they are on the shelf). Once per refund.
     */
    public boolean failedLater(String orderId, String refundId, String stripeRefundId, RefundStatus stripeStatus, PaymentLedger.Source source) {
        return Contention.retry("order '" + orderId + "'", () -> {
            var request = refunds.refund(orderId, refundId).orElse(null);
            if (request == null || request.status() == RefundStore.Status.FAILED) return Optional.of(false);
            var read = refunds.refundable(orderId).orElseThrow();
            Order order = read.order();
            boolean reopen = reopens(read, request);
            Writes writes = refunds.failedLaterWrites(request, read, reopen).and(followUps.doneWrites(settleFollowUpId(refundId)))
                    .and(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUND_FAILED, null,
                            request.amount() + " " + request.currency() + " not refunded after all (Stripe refund " + stripeRefundId + ", " + stripeStatus.word() + ")")))
                    .and(request.status() == RefundStore.Status.SUCCEEDED ? loyalty.post(order.customerId(),
                            loyalty.reversalEntry(orderId, earnedBy(order), order.total(), -request.amount(), refundId + "-failed"),
                            loyalty.pointsEntry(orderId, -request.points(), "SPENT_AGAIN#" + refundId)) : Writes.none());
            if (reopen) {
                writes = writes.and(orders.entryWrites(orderId, new TimelineEntry(clock.instant().plusMillis(1), TimelineEntry.Type.PAID_AGAIN, null,
                        "a refund failed; the order is paid again"))).and(uses.retakePersonal(order));
            }
            try {
                money.commit(writes.and(ledger.eventWrites(source)));
                return Optional.of(true);
            } catch (AlreadyRecorded | RefundStore.RefundStateChanged done) {
                return Optional.of(false); // booked back already
            } catch (OrderStateChanged raced) {
                return Optional.empty(); // another refund failed or completed meanwhile (the order was or was no longer REFUNDED): decide again
            }
        });
    }

    /**
     * A Stripe refund we did not ask for through this API (Stripe Dashboard, another tool): booked on the order that
     * PaymentIntent paid, points taken back, once per Stripe refund.
     */
    public boolean external(String paymentIntentId, String stripeRefundId, long amount, RefundStatus stripeStatus, PaymentLedger.Source source) {
        var applied = ledger.payment(paymentIntentId);
        // Only money booked on an order is refunded from it; a mismatched payment was never the order's.
        if (applied.isEmpty() || applied.get().booking() == PaymentLedger.Booking.MISMATCH) return false;
        String orderId = applied.get().orderId();
        return Contention.retry("order '" + orderId + "'", () -> {
            Order order = orders.order(orderId).orElseThrow();
            RefundStore.Refunded before = refunds.refunded(orderId);
            // what Stripe has refunded is what counts here: our own refunds still PENDING (Stripe's answer unclear) may never
            // happen, and if Stripe refunds everything outside, they will be refused and given back
            long pending = refunds.refunds(orderId).stream().filter(x -> x.status() == RefundStore.Status.PENDING)
                    .mapToLong(RefundStore.RefundRecord::amount).sum();
            long booked = Math.max(0, Math.min(amount, order.total().amount() - (before.amount() - pending)));
            boolean paid = applied.get().booking() == PaymentLedger.Booking.PAID;
            long points = paid ? pointsInProportion(order, before, booked) : 0;
            Writes writes = refunds.externalWrites(orderId, before, booked, points, order.total().currency(), stripeRefundId, stripeStatus, paid).and(ledger.refundWrites(stripeRefundId, orderId, amount))
                    // points were earned (and spent ones are given back) only on money booked as the order's payment
                    .and(paid ? loyalty.post(order.customerId(), loyalty.reversalEntry(orderId, earnedBy(order), order.total(), booked, stripeRefundId),
                            loyalty.pointsEntry(orderId, points, "RETURNED#" + stripeRefundId)) : Writes.none())
                    .and(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUNDED_OUTSIDE, null,
                            amount + " " + order.total().currency() + " refunded outside this system (Stripe refund " + stripeRefundId + ", " + stripeStatus.word() + ")")))
                    .and(ledger.eventWrites(source));
            try {
                money.commit(writes);
                closeIfFullyRefunded(orderId);
                return Optional.of(true);
            } catch (AlreadyRecorded seen) {
                return Optional.of(false);
            } catch (OrderStateChanged changed) {
                return Optional.empty(); // another refund changed the order: book on what is left
            }
        });
    }

    public List<RefundStore.RefundRecord> of(String orderId) { return refunds.refunds(orderId); }

    /** What the order's payment earned, as kept when it was paid (orders paid before that was kept: at today's rate). */
    private long earnedBy(Order order) { return order.pointsEarned() != null ? order.pointsEarned() : loyalty.earned(order.total()); }
}
