package dev.unifiedcommerce.order;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.customer.Vouch;
import dev.unifiedcommerce.inventory.ReservationLine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A sale on any channel: what was bought, where it is fulfilled, how it is paid, and where it stands. */
public record Order(String id, Channel channel, Status status, Fulfilment fulfilment, List<Line> lines, List<Discount> discounts, Money total,
                    long refunded, String customerId, String reservationId, Payment payment, String createdBy, Instant createdAt,
                    Long pointsEarned, String visitId, PostalAddress shipTo, String subscriptionId, Vouch vouch) {

    /** SUBSCRIPTION: a delivery of a subscription, made when its invoice is paid (never by a checkout). */
    public enum Channel { WEB, APP, POS, SOCIAL, SMS, CHAT, SUBSCRIPTION }

    public enum Status { AWAITING_PAYMENT, PAID, REFUNDED, CANCELLED, EXPIRED, NEEDS_ATTENTION }

    public record Fulfilment(Type type, String locationId, FulfilmentStatus status) {
        public enum Type { SHIP, PICKUP, CARRY_OUT }
    }

    /** BACKORDERED: paid with no stock to send; the FollowUps function ships it (NONE) when stock arrives, oldest first. */
    public enum FulfilmentStatus { NONE, READY_FOR_PICKUP, FULFILLED, SHIPPED, BACKORDERED }

    public Order {
        discounts = discounts == null ? List.of() : List.copyOf(discounts);
    }

    /**
     * {@code vouch}: who vouched for the order's customer and how (null: the customer was only named, e.g. by a typed
     * phone): only a vouched order's card is remembered as the customer's.
     * {@code subscriptionId}: the subscription this order delivers (channel SUBSCRIPTION), or that this till sale's card starts. {@code shipTo}: where a SHIP order goes. {@code visitId}: the visit this till sale took its items from. {@code pointsEarned}: what its payment earned the customer, kept when paid (null: not paid yet, or paid before it was kept). */
    public Order(String id, Channel channel, Status status, Fulfilment fulfilment, List<Line> lines, List<Discount> discounts, Money total,
                 long refunded, String customerId, String reservationId, Payment payment, String createdBy, Instant createdAt) {
        this(id, channel, status, fulfilment, lines, discounts, total, refunded, customerId, reservationId, payment, createdBy, createdAt, null, null, null, null,
                null);
    }

    /** As made before vouches were kept: nobody vouched for the customer. */
    public Order(String id, Channel channel, Status status, Fulfilment fulfilment, List<Line> lines, List<Discount> discounts, Money total,
                 long refunded, String customerId, String reservationId, Payment payment, String createdBy, Instant createdAt,
                 Long pointsEarned, String visitId, PostalAddress shipTo, String subscriptionId) {
        this(id, channel, status, fulfilment, lines, discounts, total, refunded, customerId, reservationId, payment, createdBy, createdAt, pointsEarned,
                visitId, shipTo, subscriptionId, null);
    }

    /**
     * One SKU at the catalog's price when the order was made; {@code discount}: this line's share of the order's discounts
     * (split by largest remainder), kept so a refund of the line gives back what was paid for it, not its list price.
     */
    public record Line(String sku, String name, int quantity, long unitAmount, String locationId, long discount, long points) {
        /** A line with no points spent on it. */
        public Line(String sku, String name, int quantity, long unitAmount, String locationId, long discount) {
            this(sku, name, quantity, unitAmount, locationId, discount, 0);
        }

        public long gross() { return unitAmount * quantity; }

        /** What the shopper paid for this line. */
        public long paid() { return gross() - discount; }

        /**
         * What the first {@code units} units of this line were paid: the line's discount spread over its units in
         * proportion, rounded down; a return of units {@code a+1..b} gives back {@code paidFor(b) - paidFor(a)}, never
         * below 0 nor above their price, and returning every unit gives back exactly {@link #paid()}. (A booked refund that
         * Stripe refuses is given back by units; a later return of units at other positions may then differ from it by
         * less than one minor unit per unit, which an amount refund settles.)
         */
        public long paidFor(int units) { return unitAmount * units - Math.floorDiv(discount * units, quantity); }

        /** The points spent on the first {@code units} units (as {@link #paidFor}: returning every unit returns them all). */
        public long pointsFor(int units) { return Math.floorDiv(points * units, quantity); }

        public Line withDiscount(long discount, long points) { return new Line(sku, name, quantity, unitAmount, locationId, discount, points); }
    }

    /**
     * Something taken off the order's subtotal: a promotion code, or loyalty points. {@code perCustomer}: the use was also
     * counted against the order's customer; {@code personal}: the code was issued to that customer alone.
     */
    public record Discount(Type type, String code, long points, long amount, boolean perCustomer, boolean personal) {
        public enum Type { PROMOTION, POINTS }

        public static Discount promotion(String code, long amount, boolean perCustomer, boolean personal) {
            return new Discount(Type.PROMOTION, code, 0, amount, perCustomer, personal);
        }

        /** Loyalty points spent: {@code points} worth {@code amount}, always the customer's own (vouched). */
        public static Discount points(long points, long amount) { return new Discount(Type.POINTS, null, points, amount, true, false); }
    }

    /** The points this order spent (0 when none). */
    public long pointsSpent() { return discounts.stream().filter(d -> d.type() == Discount.Type.POINTS).mapToLong(Discount::points).sum(); }

    /** The lines at their list prices, before discounts. */
    public Money subtotal() { return new Money(lines.stream().mapToLong(Line::gross).sum(), total.currency()); }

    /** The promotion code this order spent, if any. */
    public Optional<Discount> promotion() {
        return discounts.stream().filter(d -> d.type() == Discount.Type.PROMOTION).findFirst();
    }

    /**
     * The lines of this order's hold: the hold is made from the order's lines (or the order's lines from the hold it took
     * over), one per SKU and location, so the order carries what a payment needs to finish the hold without reading it.
     */
    public List<ReservationLine> heldLines() {
        return lines.stream().map(l -> new ReservationLine(l.sku(), l.locationId(), l.quantity())).toList();
    }

    /**
     * How the order is being paid; Stripe's ids only in fields named for them. {@code intents}: every PaymentIntent this
     * system made or accepted for the order (the proof that a payment naming the order is ours).
     */
    public record Payment(PaymentMethod method, String paymentIntentId, String clientSecret, String checkoutSessionId,
                          String url, Instant expiresAt, String readerId, Set<String> intents) {
        public Payment {
            intents = intents == null ? Set.of() : Set.copyOf(intents);
        }

        public static Payment pending(PaymentMethod method, String readerId) {
            return new Payment(method, null, null, null, null, null, readerId, null);
        }

        public boolean started() { return paymentIntentId != null || checkoutSessionId != null; }

        /** The order's own PaymentIntent: one it made (card, reader) or that paid its link. */
        public boolean owns(String paymentIntentId) {
            // orders placed before intents were kept as a set carry only their one intent (only our own code writes it)
            return paymentIntentId != null && (intents.contains(paymentIntentId)
                    || (method != PaymentMethod.LINK && paymentIntentId.equals(this.paymentIntentId)));
        }
    }

    public enum PaymentMethod { CARD, TERMINAL, LINK }

    public Order withPayment(Payment p) {
        return new Order(id, channel, status, fulfilment, lines, discounts, total, refunded, customerId, reservationId, p, createdBy, createdAt, pointsEarned, visitId, shipTo,
                subscriptionId, vouch);
    }

    public Order withStatus(Status s) {
        return new Order(id, channel, s, fulfilment, lines, discounts, total, refunded, customerId, reservationId, payment, createdBy, createdAt, pointsEarned, visitId, shipTo,
                subscriptionId, vouch);
    }
}
