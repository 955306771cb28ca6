package dev.unifiedcommerce.order;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.customer.Vouch;
import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.Lines;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.messaging.Messages;
import dev.unifiedcommerce.payment.PaymentGateway;
import dev.unifiedcommerce.payment.PaymentObjects;
import dev.unifiedcommerce.payment.TerminalPayments;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.promotion.Basket;
import dev.unifiedcommerce.promotion.CodeRefused;
import dev.unifiedcommerce.promotion.CodeTries;
import dev.unifiedcommerce.promotion.Promotions;
import dev.unifiedcommerce.terminal.Reader;
import dev.unifiedcommerce.terminal.ReaderStore;
import dev.unifiedcommerce.terminal.TerminalGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.stream.Collectors.toMap;

/**
 * One checkout for every channel: prices from the catalog, stock held, the order and its hold written in ONE
 * transaction (with the caller's idempotency record), then the payment started at Stripe. If Stripe fails, the hold
 * is released and the order cancelled, so a failed checkout never keeps stock.
 */
@ApplicationScoped
public class Checkout {
    private static final Logger LOG = Logger.getLogger(Checkout.class);

    public record RequestedLine(String sku, int quantity) {}

    /**
     * {@code customerId}: a customer the caller vouches for ({@code vouch} says who and how: a channel's verified shopper,
     * staff with the shopper's code), the only way to spend what a customer owns or use their address on file;
     * {@code namedCustomerId}: a customer staff looked up but nobody proved (the order joins their history, nothing of
     * theirs is used); {@code contact}: details typed in, which identify or create a customer only.
     */
    public record Request(Order.Channel channel, Contact contact, List<RequestedLine> lines, String reservationId,
                          Order.Fulfilment.Type fulfilmentType, String fulfilmentLocationId,
                          Order.PaymentMethod method, String readerId, String sms, String chatWebhookUrl, String customerId,
                          String promotionCode, Long redeemPoints, String visitId, PostalAddress shipTo,
                          boolean shipToAddressOnFile, SaleSubscriptions.Asked subscribe, String namedCustomerId, Vouch vouch) {
        public Request(Order.Channel channel, Contact contact, List<RequestedLine> lines, String reservationId, Order.Fulfilment.Type fulfilmentType,
                       String fulfilmentLocationId, Order.PaymentMethod method, String readerId, String sms, String chatWebhookUrl, String customerId,
                       String promotionCode, Long redeemPoints, String visitId, PostalAddress shipTo, boolean shipToAddressOnFile) {
            this(channel, contact, lines, reservationId, fulfilmentType, fulfilmentLocationId, method, readerId, sms, chatWebhookUrl, customerId,
                    promotionCode, redeemPoints, visitId, shipTo, shipToAddressOnFile, null, null, null);
        }

        public Request(Order.Channel channel, Contact contact, List<RequestedLine> lines, String reservationId, Order.Fulfilment.Type fulfilmentType,
                       String fulfilmentLocationId, Order.PaymentMethod method, String readerId, String sms, String chatWebhookUrl) {
            this(channel, contact, lines, reservationId, fulfilmentType, fulfilmentLocationId, method, readerId, sms, chatWebhookUrl, null, null, null, null,
                    null, false, null, null, null);
        }

        public Request(Order.Channel channel, Contact contact, List<RequestedLine> lines, String reservationId, Order.Fulfilment.Type fulfilmentType,
                       String fulfilmentLocationId, Order.PaymentMethod method, String readerId, String sms, String chatWebhookUrl, String customerId,
                       String promotionCode, Long redeemPoints) {
            this(channel, contact, lines, reservationId, fulfilmentType, fulfilmentLocationId, method, readerId, sms, chatWebhookUrl, customerId,
                    promotionCode, redeemPoints, null, null, false, null, null, null);
        }

        /** The customer the order is for, if the request names one (vouched or only looked up). */
        String namedOrVouched() { return customerId != null ? customerId : namedCustomerId; }
    }

    /** A placed order (its stock held, its payment not started yet) and when its hold runs out. */
    public record Placement(Order order, Instant holdExpiresAt) {}

    /** The placed order, when its hold runs out, and how the payment link was delivered (LINK only). */
    public record Placed(Order order, Instant holdExpiresAt, List<Messages.Outcome> deliveries) {}

    private final Inventory inventory;
    private final CatalogStore catalog;
    private final OrderStore orders;
    private final Customers customers;
    private final PaymentGateway payments;
    private final LinkDelivery delivery;
    private final CheckoutConfig config;
    private final Clock clock;
    private final ReaderStore readers;
    private final TerminalGateway terminal;
    private final TerminalPayments terminalPayments;
    private final FollowUpStore followUps;
    private final FollowUps outbox;
    private final PaymentObjects stops;
    private final CheckoutReads reads;
    private final Promotions promotions;
    private final DiscountUses uses;
    /** Refused promotion codes per verified customer or caller (a code is not found by trying). */
    private final CodeTries codeTries;
    private final Loyalty loyalty;
    private Instance<VisitHolds> visitHolds;
    private Instance<SaleSubscriptions> saleSubscriptions;
    private Event<OrderPaid> paidOrders;

    /** Visits (a till sale of a visit's items), subscriptions (one a sale's card starts), who hears of paid orders: resolved when used. */
    @Inject
    void wire(Instance<VisitHolds> visitHolds, Instance<SaleSubscriptions> saleSubscriptions,
              Event<OrderPaid> paid) {
        this.visitHolds = visitHolds;
        this.saleSubscriptions = saleSubscriptions;
        this.paidOrders = paid;
    }

    public Checkout(Inventory inventory, CatalogStore catalog, OrderStore orders, Customers customers, PaymentGateway payments,
                    LinkDelivery delivery, CheckoutConfig config, Clock clock, ReaderStore readers,
                    TerminalGateway terminal, TerminalPayments terminalPayments, FollowUpStore followUps,
                    FollowUps outbox, PaymentObjects stops, CheckoutReads reads, Promotions promotions,
                    DiscountUses uses, Loyalty loyalty, CodeTries codeTries) {
        this.codeTries = codeTries;
        this.loyalty = loyalty;
        this.reads = reads;
        this.promotions = promotions;
        this.uses = uses;
        this.stops = stops;
        this.followUps = followUps;
        this.outbox = outbox;
        this.readers = readers;
        this.terminal = terminal;
        this.terminalPayments = terminalPayments;
        this.inventory = inventory;
        this.catalog = catalog;
        this.orders = orders;
        this.customers = customers;
        this.payments = payments;
        this.delivery = delivery;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Places the order and holds its stock in one transaction, {@code with} (given the new order id) joining it.
     * The payment is not started yet: {@link #startPayment} does that.
     */
    public Placement place(String caller, Request asked, Function<String, Writes> withCaller) {
        Request r = withAddress(asked);
        // The order's payment is owed from the moment it is placed: if this request never finishes starting it, the
        // FollowUps function does (or gives the stock back).
        Function<String, Writes> with = id -> withCaller.apply(id).and(followUps.owedWrites(startFollowUp(id, r.sms(), r.chatWebhookUrl())));
        if (r.method() == Order.PaymentMethod.TERMINAL) {
            var reader = readers.reader(r.readerId()).orElseThrow(() -> Rejected.unusable("payment.readerId", "unknown reader '" + r.readerId() + "'"));
            if (!reader.locationId().equals(r.fulfilmentLocationId())) {
                throw Rejected.unusable("payment.readerId", "reader '" + r.readerId() + "' belongs to another store");
            }
            if (reader.busy()) throw Rejected.conflict("reader-busy", "Reader busy", "reader '" + r.readerId() + "' is taking another payment");
        }
        String orderId = Ids.newId("ord");
        List<RequestedLine> merged = r.reservationId() != null ? List.of() : merge(r.lines());
        // One read for the prices, the fulfilment location and who the contact details name.
        boolean hasContact = r.contact() != null && !r.contact().isEmpty();
        // counted per verified customer (however many shopperRefs a phone is bound to), else per caller
        CodeTries.Counter codeTries = r.promotionCode() == null ? null : this.codeTries.counterFor(caller,
                r.vouch() != null && r.vouch().how() != Vouch.How.CARD ? r.customerId() : null, clock.instant());
        var found = reads.read(new CheckoutReads.Asked(merged.stream().map(RequestedLine::sku).toList(),
                r.fulfilmentLocationId() == null ? List.of() : List.of(r.fulfilmentLocationId()),
                hasContact ? r.contact().phone() : null, hasContact ? r.contact().email() : null, r.namedOrVouched(), r.promotionCode(), codeTries));
        // past its refused codes' limit, no code is looked at (counted in the same read)
        if (codeTries != null) this.codeTries.requireUnder(codeTries, found.codesRefused(), clock.instant());
        if (r.namedOrVouched() != null && !found.customerExists()) {
            throw Rejected.unusable("customer.customerId", "unknown customer '" + r.namedOrVouched() + "'");
        }
        Location fulfilmentAt = r.fulfilmentLocationId() == null ? null : Optional.ofNullable(found.locations().get(r.fulfilmentLocationId()))
                .orElseThrow(() -> Rejected.unusable("fulfilment.locationId", "unknown location '" + r.fulfilmentLocationId() + "'"));
        if (r.fulfilmentType() == Order.Fulfilment.Type.PICKUP && !fulfilmentAt.pickup()) {
            throw Rejected.unusable("fulfilment.locationId", "location '" + fulfilmentAt.id() + "' does not offer pickup");
        }
        String customerId = r.namedOrVouched() != null ? r.namedOrVouched()
                : hasContact ? customers.identifyId(r.contact(), found.customerByPhone(), found.customerByEmail()) : null;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        if (r.subscribe() != null) {
            if (r.method() != Order.PaymentMethod.TERMINAL) throw Rejected.invalid("subscribe", "starts with the card tapped on a store's reader (TERMINAL)");
            if (r.namedOrVouched() == null) {
                throw new Rejected(Rejected.Kind.UNUSABLE, "subscription-refused", "Subscription needs the customer", "a subscription is started for a customer "
                        + "staff looked up: give customer.customerId", "subscribe", Map.of("reason", "CUSTOMER_REQUIRED"), null);
            }
            if (r.reservationId() != null) throw Rejected.invalid("subscribe", "give lines, not a reservationId, with subscribe");
        }
        if (r.reservationId() != null) return takeOver(caller, r, orderId, customerId, now, with, found, codeTries);

        var products = found.products();
        String currency = null;
        for (int i = 0; i < merged.size(); i++) {
            Product p = products.get(merged.get(i).sku());
            String field = "lines[" + i + "].sku";
            Product.notSellable(merged.get(i).sku(), p).ifPresent(why -> { throw Rejected.unusable(field, why); });
            if (currency == null) currency = p.price().currency();
            else if (!currency.equals(p.price().currency())) {
                throw Rejected.unusable("lines[" + i + "].sku", "SKU '" + p.sku() + "' is priced in " + p.price().currency()
                        + ", the other lines in " + currency + "; one order is paid in one currency");
            }
        }
        String holdAt = fulfilmentAt != null ? fulfilmentAt.id()
                : inventory.shipFrom(merged.stream().collect(toMap(RequestedLine::sku, RequestedLine::quantity, Integer::sum, LinkedHashMap::new)));
        List<Order.Line> listed = merged.stream().map(l -> {
            Product p = products.get(l.sku());
            return new Order.Line(l.sku(), p.name(), l.quantity(), p.price().amount(), holdAt, 0);
        }).toList();
        Priced priced = price(r, orderId, listed, currency, holdAt, found, codeTries);
        // a subscription the sale's card starts: made PENDING in the order's own transaction
        if (r.subscribe() != null && priced.total().amount() == 0) {
            throw Rejected.unusable("subscribe", "this sale charges nothing, so no card is tapped: start the subscription on the reader instead");
        }
        SaleSubscriptions.Prepared subscribing = r.subscribe() == null ? SaleSubscriptions.Prepared.NONE
                : saleSubscriptions.get().prepare(caller, customerId, r.subscribe(), r.readerId(), orderId);
        Duration ttl = holdFor(r.method());
        List<ReservationLine> wanted = listed.stream().map(l -> new ReservationLine(l.sku(), l.locationId(), l.quantity())).toList();
        if (r.visitId() != null) {
            // a till sale of a visit's items: they move from the visit's hold into the order's, the rest is held with them
            var visit = visitHolds.get().forSale(r.visitId(), holdAt);
            String buyer = customerId != null ? customerId : visit.customerId();
            Reservation hold = inventory.takeFrom(caller, orderId, inventory.reservation(visit.reservationId()), wanted, ttl, reservation -> {
                Order order = newOrder(orderId, r, holdAt, priced, buyer, reservation.id(), caller, now, subscribing.subscriptionId());
                return orders.createWrites(order, placedEntry(order, reservation.holdExpiresAt(), r)).and(priced.spend()).and(keepAddress(order, r))
                        .and(visitHolds.get().saleWrites(visit, orderId)).and(subscribing.writes()).and(with.apply(orderId));
            });
            return new Placement(newOrder(orderId, r, holdAt, priced, buyer, hold.id(), caller, now, subscribing.subscriptionId()), hold.holdExpiresAt());
        }
        Reservation hold = inventory.hold(caller, orderId, wanted, ttl,
                reservation -> {
                    Order order = newOrder(orderId, r, holdAt, priced, customerId, reservation.id(), caller, now, subscribing.subscriptionId());
                    return orders.createWrites(order, placedEntry(order, reservation.holdExpiresAt(), r)).and(priced.spend()).and(keepAddress(order, r))
                            .and(subscribing.writes()).and(with.apply(orderId));
                });
        return new Placement(newOrder(orderId, r, holdAt, priced, customerId, hold.id(), caller, now, subscribing.subscriptionId()), hold.holdExpiresAt());
    }

    /** The address a SHIP order goes to: as given, or the vouched customer's last one ({@code shipToAddressOnFile}). */
    private Request withAddress(Request r) {
        if (!r.shipToAddressOnFile()) return r;
        return new Request(r.channel(), r.contact(), r.lines(), r.reservationId(), r.fulfilmentType(), r.fulfilmentLocationId(), r.method(), r.readerId(),
                r.sms(), r.chatWebhookUrl(), r.customerId(), r.promotionCode(), r.redeemPoints(), r.visitId(), customers.addressOnFile(r.customerId()), false,
                r.subscribe(), r.namedCustomerId(), r.vouch());
    }

    /**
     * A vouched customer keeps a SHIP order's address, in the order's own transaction (never typed again:
     * shipToAddressOnFile). An address typed beside a phone or e-mail nobody proved stays on the order alone: else
     * whoever types a shopper's phone would choose where the shopper's next orders go.
     */
    private Writes keepAddress(Order o, Request r) {
        // a card's tap is checked only once the payment arrives: not yet proof enough to change where their things go
        boolean vouched = r.customerId() != null && r.vouch() != null && r.vouch().how() != Vouch.How.CARD;
        return o.shipTo() == null || !vouched ? Writes.none() : customers.addressWrites(r.customerId(), o.shipTo(), o.createdAt());
    }

    /** An order's lines with their discounts, its discounts and total, and the writes that spend what it uses (a code's use, points). */
    private record Priced(List<Order.Line> lines, List<Order.Discount> discounts, Money total, Writes spend) {}

    /**
     * Prices the order: the promotion code first, then the points (each checked against the order: 422 naming
     * {@code promotionCode} or {@code redeemPoints}), both split over the lines; the code's use and the points are spent
     * in the order's own transaction, under the code's limits and the customer's balance.
     */
    private Priced price(Request r, String orderId, List<Order.Line> lines, String currency, String fulfilledAt, CheckoutReads.Found found,
                         CodeTries.Counter codeTries) {
        Money subtotal = new Money(lines.stream().mapToLong(Order.Line::gross).sum(), currency);
        List<Order.Discount> discounts = new ArrayList<>();
        Writes spend = Writes.none();
        long codeOff = 0;
        long[] codeShares = new long[lines.size()];
        var code = found.promotion();
        if (r.promotionCode() != null) {
            try {
                codeOff = promotions.discountFor(r.promotionCode(), code, new Basket(r.channel().name(), fulfilledAt,
                        r.customerId(), subtotal), found.usesByCustomer());
            } catch (Rejected refused) {
                // a miss (a code that does not exist, or not for this shopper now) is what guessing hits: counted, 429 once one too many
                if (CodeRefused.isMiss(refused)) this.codeTries.refused(codeTries, clock.instant());
                throw refused;
            }
            boolean perCustomer = Promotions.countedPerCustomer(code);
            codeShares = LargestRemainder.shares(codeOff, lines.stream().mapToLong(Order.Line::gross).toArray());
            discounts.add(Order.Discount.promotion(code.code(), codeOff, perCustomer, code.customerId() != null));
            spend = spend.and(promotions.redeemWrites(code, perCustomer ? r.customerId() : null));
        }
        long points = 0, pointsOff = 0;
        long[] pointShares = new long[lines.size()];
        if (r.redeemPoints() != null) {
            points = r.redeemPoints();
            if (r.customerId() == null && r.namedCustomerId() != null) {
                throw new Rejected(Rejected.Kind.UNUSABLE, "points-refused", "Points cannot be spent", "points are spent only with the shopper's proof: send them a code "
                        + "(POST /customers/verifications) and give customer.verificationId", "redeemPoints", Map.of("reason", "PROOF_REQUIRED"), null);
            }
            if (r.customerId() == null) {
                throw new Rejected(Rejected.Kind.UNUSABLE, "points-refused", "Points cannot be spent", "points are spent only by a customer the caller vouches for: "
                        + "give the verified shopper's customer.shopperRef", "redeemPoints", Map.of("reason", "CUSTOMER_REQUIRED"), null);
            }
            if (points > found.loyaltyPoints()) {
                throw new Rejected(Rejected.Kind.UNUSABLE, "points-refused", "Points cannot be spent", "the customer has " + found.loyaltyPoints() + " points",
                        "redeemPoints", Map.of("reason", "OVER_BALANCE", "limit", found.loyaltyPoints()), null);
            }
            long value = loyalty.pointValue(currency);
            long[] left = new long[lines.size()];
            long roomInPoints = 0; // each line takes whole points, none more than it costs after the code
            for (int i = 0; i < lines.size(); i++) {
                left[i] = lines.get(i).gross() - codeShares[i];
                roomInPoints += left[i] / value;
            }
            long most = Math.min(loyalty.mostRedeemable(new Money(subtotal.amount() - codeOff, currency)), roomInPoints);
            if (points > most) {
                throw new Rejected(Rejected.Kind.UNUSABLE, "points-refused", "Points cannot be spent", "at most " + most + " points can pay for this order",
                        "redeemPoints", Map.of("reason", "OVER_SHARE", "limit", most), null);
            }
            pointsOff = loyalty.valueOf(points, currency).amount();
            // the points themselves are split (each line's share is whole points), so a line's money share is exact
            pointShares = LargestRemainder.capped(points, left, value);
            discounts.add(Order.Discount.points(points, pointsOff));
            long spent = points;
            spend = spend.and(loyalty.spend(r.customerId(), orderId, points, () -> new Rejected(Rejected.Kind.UNUSABLE, "points-refused", "Points cannot be spent",
                    "the customer's balance no longer holds " + spent + " points", "redeemPoints", Map.of("reason", "OVER_BALANCE"), null)));
        }
        long total = subtotal.amount() - codeOff - pointsOff;
        if (total == 0 && r.vouch() != null && r.vouch().how() == Vouch.How.CARD && !discounts.isEmpty()) {
            // the tap is the proof, and a sale its discounts pay in full has no tap to check
            throw Rejected.unusable("customer.proof", "the discounts pay this sale in full, so no card is tapped to prove who the "
                    + "shopper is: send them a code (POST /customers/verifications) and give customer.verificationId");
        }
        long minimum = MinimumCharge.of(currency);
        if (!discounts.isEmpty() && total > 0 && total < minimum) {
            String field = r.redeemPoints() != null ? "redeemPoints" : CodeRefused.FIELD;
            throw new Rejected(Rejected.Kind.UNUSABLE, field.equals("redeemPoints") ? "points-refused" : "promotion-code-refused", "Total below the minimum charge",
                    "after discounts the total would be " + total + " " + currency + ", below the smallest amount a card can be charged ("
                            + minimum + "); a total of 0 is possible", field,
                    Map.of("reason", CodeRefused.Reason.BELOW_MINIMUM_CHARGE.name()), null);
        }
        List<Order.Line> priced = new ArrayList<>(lines.size());
        long value = loyalty.pointValue(currency);
        for (int i = 0; i < lines.size(); i++) priced.add(lines.get(i).withDiscount(codeShares[i] + pointShares[i] * value, pointShares[i]));
        return new Priced(priced, List.copyOf(discounts), new Money(total, currency), spend);
    }

    private Placement takeOver(String caller, Request r, String orderId, String customerId, Instant now, Function<String, Writes> with,
                               CheckoutReads.Found found, CodeTries.Counter codeTries) {
        Reservation held = inventory.reservation(r.reservationId());
        if (held.status() != Reservation.Status.HELD) {
            throw Rejected.conflict("reservation-not-held", "Reservation not held", "reservation '" + held.id() + "' is " + held.status());
        }
        if (held.visitId() != null) {
            // a visit's items are sold at the till through the visit, which then completes with the sale
            throw new Rejected(Rejected.Kind.CONFLICT, "reservation-belongs-to-visit", "Reservation belongs to a visit", "reservation '" + held.id()
                    + "' holds the items of visit '" + held.visitId() + "'; sell them with visitId", "reservationId", Map.of("visitId", held.visitId()), null);
        }
        if (r.method() == Order.PaymentMethod.LINK && held.holdExpiresAt().isBefore(now.plus(Duration.ofMinutes(31)))) {
            throw Rejected.conflict("hold-too-short", "Hold too short for a payment link",
                    "a payment link needs a hold of at least 30 minutes; this one ends at " + held.holdExpiresAt());
        }
        var products = catalog.lookup(held.lines().stream().map(ReservationLine::sku).toList(), List.of()).products();
        List<Order.Line> lines = new ArrayList<>();
        String currency = null;
        for (ReservationLine l : held.lines()) {
            if (r.fulfilmentLocationId() != null && r.fulfilmentType() != Order.Fulfilment.Type.SHIP && !l.locationId().equals(r.fulfilmentLocationId())) {
                throw Rejected.unusable("reservationId", "the reservation holds " + l.sku() + " at '" + l.locationId()
                        + "', not at the fulfilment location '" + r.fulfilmentLocationId() + "'");
            }
            Product p = products.get(l.sku());
            if (Product.notSellable(l.sku(), p).isPresent()) throw Rejected.unusable("reservationId", "SKU '" + l.sku() + "' is no longer for sale");
            if (currency != null && !currency.equals(p.price().currency())) throw Rejected.unusable("reservationId", "the reserved SKUs are priced in different currencies");
            currency = p.price().currency();
            lines.add(new Order.Line(l.sku(), p.name(), l.quantity(), p.price().amount(), l.locationId(), 0));
        }
        String at = r.fulfilmentLocationId() != null ? r.fulfilmentLocationId() : lines.getFirst().locationId();
        Priced priced = price(r, orderId, lines, currency, at, found, codeTries);
        Order order = newOrder(orderId, r, at, priced, customerId, held.id(), caller, now, null);
        // No release and re-hold: the existing hold becomes the order's, claimed in the order's own transaction.
        orders.create(order, placedEntry(order, held.holdExpiresAt(), r), inventory.claimForOrder(held.id(), orderId).and(priced.spend()).and(keepAddress(order, r))
                .and(with.apply(orderId)));
        return new Placement(order, held.holdExpiresAt());
    }

    private Order newOrder(String id, Request r, String locationId, Priced priced, String customerId, String reservationId, String caller, Instant now,
                           String subscriptionId) {
        return new Order(id, r.channel(), Order.Status.AWAITING_PAYMENT,
                new Order.Fulfilment(r.fulfilmentType(), locationId, Order.FulfilmentStatus.NONE), priced.lines(), priced.discounts(), priced.total(),
                0, customerId, reservationId, Order.Payment.pending(r.method(), r.readerId()), caller, now, null, r.visitId(), r.shipTo(), subscriptionId,
                r.customerId() != null && r.customerId().equals(customerId) ? r.vouch() : null);
    }

    private TimelineEntry placedEntry(Order o, Instant holdUntil, Request r) {
        String discounts = o.discounts().stream().map(d -> ", " + d.amount() + " off " + (d.type() == Order.Discount.Type.POINTS
                ? "for " + d.points() + " points" : "with code " + d.code())).reduce("", String::concat);
        return new TimelineEntry(o.createdAt(), TimelineEntry.Type.ORDER_PLACED, o.channel().name(), o.lines().size() + " line(s), "
                + o.total().amount() + " " + o.total().currency() + discounts + ", stock held until " + holdUntil
                + (r.vouch() == null ? "" : "; customer " + r.vouch().describe()));
    }

    private Duration holdFor(Order.PaymentMethod method) {
        return switch (method) {
            case CARD -> config.cardHold();
            case TERMINAL -> config.terminalHold();
            case LINK -> {
                Duration d = config.linkHold();
                yield d.compareTo(Duration.ofMinutes(31)) < 0 ? Duration.ofMinutes(31) : d.compareTo(Duration.ofHours(23)) > 0 ? Duration.ofHours(23) : d;
            }
        };
    }

    private static List<RequestedLine> merge(List<RequestedLine> lines) {
        List<RequestedLine> merged = Lines.merged(lines, RequestedLine::sku, (a, b) -> new RequestedLine(a.sku(), a.quantity() + b.quantity()));
        if (merged.size() > Inventory.MAX_LINES) throw Rejected.invalid("lines", "must hold at most " + Inventory.MAX_LINES + " distinct SKUs");
        return merged;
    }

    private FollowUp startFollowUp(String orderId, String sms, String chatWebhookUrl) {
        Map<String, String> data = new HashMap<>(Map.of("orderId", orderId));
        if (sms != null) data.put("sms", sms);
        if (chatWebhookUrl != null) data.put("chat", chatWebhookUrl);
        return FollowUp.owed(FollowUp.Kind.START_PAYMENT, orderId, data, clock.instant(), outbox.firstDue());
    }

    public static String startFollowUpId(String orderId) { return FollowUp.owed(FollowUp.Kind.START_PAYMENT, orderId, Map.of(), Instant.EPOCH, Instant.EPOCH).id(); }

    static String readerFollowUpId(String orderId) { return FollowUp.owed(FollowUp.Kind.READER_ACTION, orderId, Map.of(), Instant.EPOCH, Instant.EPOCH).id(); }

    /** The idempotency key of the order's payment object; {@code generation} > 0 only after Stripe answered 5xx to the first. */
    static String paymentKey(Order order, int generation) {
        String base = "uc-" + order.id() + (order.payment().method() == Order.PaymentMethod.LINK ? "-checkout-session" : "-payment-intent");
        return generation == 0 ? base : base + "-" + generation;
    }

    /**
     * Starts the payment of a placed order (again, after a crash: Stripe answers the same objects for the same key).
     * Stripe refusing (a definite answer): the hold is released and the order cancelled before the error goes back. An
     * ambiguous answer (timeout, 5xx, 429): the hold and the owed follow-up stay, the client gets 503 and retries with
     * its Idempotency-Key, or the FollowUps function settles it.
     */
    public Placed startPayment(Placement placement, String sms, String chatWebhookUrl) {
        Order order = placement.order();
        if (order.total().amount() == 0) return new Placed(payNothing(order), placement.holdExpiresAt(), List.of());
        Order paying;
        try {
            paying = create(order, placement.holdExpiresAt(), paymentKey(order, 0));
        } catch (StripeFailed e) {
            if (e.definite()) giveUp(order, e.getMessage());
            throw e;
        }
        if (paying.payment().method() == Order.PaymentMethod.TERMINAL) handToReader(paying, 0);
        return recordStarted(order, paying, placement.holdExpiresAt(), sms, chatWebhookUrl, Writes.none());
    }

    /** The payment object at Stripe for this order (a PaymentIntent or a Checkout Session), idempotent on {@code key}. */
    Order create(Order order, Instant holdExpiresAt, String key) {
        return switch (order.payment().method()) {
            case CARD -> {
                var card = payments.startCard(order, key);
                yield order.withPayment(new Order.Payment(Order.PaymentMethod.CARD, card.paymentIntentId(), card.clientSecret(), null, null, null, null,
                        Set.of(card.paymentIntentId())));
            }
            case LINK -> {
                var link = payments.startLink(order, holdExpiresAt, key);
                yield order.withPayment(new Order.Payment(Order.PaymentMethod.LINK, null, null, link.checkoutSessionId(), link.url(), link.expiresAt(), null, null));
            }
            case TERMINAL -> {
                // a sale that also starts a subscription keeps the tapped card for it (setup_future_usage, the customer's Stripe Customer)
                String pi = order.subscriptionId() == null ? payments.startTerminal(order, key)
                        : payments.startTerminal(order, saleSubscriptions.get().stripeCustomerOf(order.subscriptionId()), key);
                yield order.withPayment(new Order.Payment(Order.PaymentMethod.TERMINAL, pi, null, null, null, null, order.payment().readerId(), Set.of(pi)));
            }
        };
    }

    /**
     * Hands a till sale's PaymentIntent to the store's reader. Stripe refusing: the reader failed, the order is cancelled.
     * No clear answer: the reader may be asking for the card, so nothing is undone: the PaymentIntent is recorded with a
     * READER_ACTION follow-up that reads the reader back (or asks again with the same key) until Stripe says.
     */
    void handToReader(Order paying, int generation) {
        String readerId = paying.payment().readerId();
        String pi = paying.payment().paymentIntentId();
        var reader = readers.reader(readerId).orElseThrow();
        if (!readers.setAction(readerId, new Reader.Action(Reader.Action.State.IN_PROGRESS, paying.id(), pi, null), true)) {
            // nothing reached the reader: the sale ends here, its stock back, its intent cancelled
            giveUp(paying, "reader '" + readerId + "' is taking another payment");
            try {
                payments.stop(paying);
            } catch (StripeFailed ignored) {
                // an intent never handed to a reader takes no money
            }
            throw Rejected.conflict("reader-busy", "Reader busy", "reader '" + readerId + "' is taking another payment");
        }
        String key = "uc-" + paying.id() + "-reader" + (generation == 0 ? "" : "-" + generation);
        try {
            terminal.processPaymentIntent(reader.stripeReaderId(), pi, key, paying.subscriptionId() != null);
        } catch (StripeFailed e) {
            if (e.definite()) {
                readers.setAction(readerId, new Reader.Action(Reader.Action.State.FAILED, paying.id(), pi, e.getMessage()), false);
                giveUp(paying, e.getMessage());
                try {
                    payments.stop(paying); // nobody will pay that intent now
                } catch (StripeFailed ignored) {
                    // an intent never handed to a reader takes no money; it is only left open at Stripe
                }
                throw e;
            }
            Map<String, String> data = new HashMap<>(Map.of("orderId", paying.id(), "readerId", readerId,
                    "paymentIntentId", pi, "generation", Integer.toString(generation)));
            if (e.serverError()) data.put("serverError", "true");
            recordStarted(paying, paying, null, null, null, followUps.owedWrites(FollowUp.owed(FollowUp.Kind.READER_ACTION, paying.id(), data,
                    clock.instant(), outbox.firstDue())));
            throw e;
        }
    }

    /**
     * The payment object is known: recorded on the order (with {@code with}) and the START_PAYMENT follow-up done in the
     * same transaction; a payment link is then sent, its sending owed until it went out.
     */
    Placed recordStarted(Order order, Order paying, Instant holdExpiresAt, String sms, String chatWebhookUrl, Writes with) {
        boolean send = paying.payment().method() == Order.PaymentMethod.LINK && (sms != null || chatWebhookUrl != null);
        FollowUp sending = null;
        if (send) {
            Map<String, String> data = new HashMap<>(Map.of("orderId", order.id(), "url", paying.payment().url()));
            if (sms != null) data.put("sms", sms);
            if (chatWebhookUrl != null) data.put("chat", chatWebhookUrl);
            sending = FollowUp.owed(FollowUp.Kind.SEND_LINK, order.id(), data, clock.instant(), outbox.firstDue());
        }
        boolean first = orders.recordPayment(order, paying.payment(), new TimelineEntry(clock.instant(), TimelineEntry.Type.PAYMENT_STARTED, order.channel().name(),
                paying.payment().checkoutSessionId() != null ? "payment link (Checkout Session " + paying.payment().checkoutSessionId() + ")"
                        : "PaymentIntent " + paying.payment().paymentIntentId()
                        + (paying.payment().readerId() != null ? " on reader " + paying.payment().readerId() : "")),
                followUps.doneWrites(startFollowUpId(order.id())).and(sending == null ? Writes.none() : followUps.owedWrites(sending)).and(with));
        if (!first) {
            // recorded a moment ago by another path (a retry, the FollowUps function), which also sent the link
            if (!with.isEmpty()) orders.appendWith(order.id(), new TimelineEntry(clock.instant(), TimelineEntry.Type.PAYMENT_FOLLOW_UP, order.channel().name(), null), with);
            Order recorded = orders.order(order.id()).orElseThrow();
            return new Placed(recorded, holdExpiresAt, List.of());
        }
        List<Messages.Outcome> deliveries = send ? sendLink(paying, sms, chatWebhookUrl) : List.of();
        if (send && deliveries.stream().noneMatch(Messages.Outcome::retriable)) followUps.done(sending.id());
        return new Placed(paying, holdExpiresAt, deliveries);
    }

    /** One attempt to send the payment link; each outcome on the timeline. */
    List<Messages.Outcome> sendLink(Order paying, String sms, String chatWebhookUrl) {
        List<Messages.Outcome> deliveries = delivery.deliver(paying, paying.payment().url(), sms, chatWebhookUrl);
        for (Messages.Outcome o : deliveries) {
            orders.append(paying.id(), new TimelineEntry(clock.instant(), o.delivered() ? TimelineEntry.Type.LINK_SENT : TimelineEntry.Type.LINK_DELIVERY_FAILED,
                    paying.channel().name(), o.channel() + ": " + o.detail()));
        }
        return deliveries;
    }

    /**
     * An order whose discounts cover its total has nothing to charge: PAID without Stripe, its stock committed and its
     * owed payment start done, in one transaction (again, harmlessly, from a retry or the FollowUps function).
     */
    Order payNothing(Order order) {
        Writes paid = orders.paidWrites(order.id(), Order.Status.AWAITING_PAYMENT, Order.Status.PAID, null,
                new TimelineEntry(clock.instant(), TimelineEntry.Type.PAID, order.channel().name(), "nothing to pay: discounts cover the "
                        + order.subtotal().amount() + " " + order.total().currency()), 0)
                .and(followUps.doneWrites(startFollowUpId(order.id())));
        try {
            if (inventory.finishHeldOf(order.id(), order.reservationId(), order.heldLines(), Reservation.Status.COMMITTED, paid) instanceof Inventory.Finish.NotHeld n
                    && n.reservation().status() != Reservation.Status.COMMITTED) {
                throw Rejected.conflict("reservation-not-held", "Hold ended", "order '" + order.id() + "' lost its hold before it was completed");
            }
        } catch (OrderStateChanged done) {
            // completed a moment ago by another path
            return order(order.id());
        }
        Order now = order(order.id());
        if (paidOrders != null && now.visitId() != null && now.status() == Order.Status.PAID) paidOrders.fire(new OrderPaid(now));
        return now;
    }

    /** The payment could not start: stock back, order CANCELLED, the reason on the timeline. */
    void giveUp(Order order, String why) {
        TimelineEntry entry = new TimelineEntry(clock.instant(), TimelineEntry.Type.PAYMENT_NOT_STARTED, order.channel().name(), why);
        try {
            // Stripe refused the start: nothing was made, nothing more is owed
            endUnpaid(order, entry, followUps.doneWrites(startFollowUpId(order.id())));
        } catch (RuntimeException e) {
            LOG.errorf("order %s: releasing the hold after a failed payment start failed (%s); the Sweeper will expire it",
                    order.id(), e.getClass().getSimpleName());
        }
    }

    /**
     * AWAITING_PAYMENT -> CANCELLED with its hold released in the same transaction (or alone, if the hold already ended).
     * A start still owed stays owed: whatever Stripe made is recorded (so a payment on it is recognised) and stopped.
     */

    private void endUnpaid(Order order, TimelineEntry entry, Writes with) {
        Writes cancel = orders.transitionWrites(order.id(), Order.Status.AWAITING_PAYMENT, Order.Status.CANCELLED, entry).and(uses.giveBack(order)).and(with);
        if (inventory.finishHeld(order.reservationId(), Reservation.Status.RELEASED, cancel) instanceof Inventory.Finish.NotHeld) {
            if (!orders.transition(order.id(), Order.Status.AWAITING_PAYMENT, Order.Status.CANCELLED, entry, uses.giveBack(order).and(with))) {
                throw new OrderStateChanged(order.id());
            }
        }
    }

    public Order order(String id) {
        return orders.order(id).orElseThrow(() -> Rejected.notFound("order", "orderId", id));
    }

    public List<TimelineEntry> timeline(String id) { return orders.timeline(id); }

    /** Resumes a checkout whose answer was lost: the payment is (re)started if it never was. */
    public Placed resume(String orderId) {
        Order order = order(orderId);
        Instant holdExpiresAt = inventory.reservation(order.reservationId()).holdExpiresAt();
        if (order.payment().started() || order.status() != Order.Status.AWAITING_PAYMENT) {
            return new Placed(order, holdExpiresAt, List.of());
        }
        // the payment link's destinations were kept with the owed start
        var owed = followUps.followUp(startFollowUpId(orderId));
        return startPayment(new Placement(order, holdExpiresAt), owed.map(f -> f.get("sms")).orElse(null), owed.map(f -> f.get("chat")).orElse(null));
    }

    /**
     * Moves a paid order through fulfilment: PICKUP orders become READY_FOR_PICKUP then FULFILLED (collected), CARRY_OUT
     * orders FULFILLED, SHIP orders SHIPPED. Asking for the status it already has is a no-op.
     */
    public Order fulfil(String orderId, Order.FulfilmentStatus to, String by) {
        Order order = order(orderId);
        Order.FulfilmentStatus from = order.fulfilment().status();
        if (from == to) return order;
        if (order.status() != Order.Status.PAID) {
            throw Rejected.conflict("order-not-paid", "Order not paid", "order '" + orderId + "' is " + order.status() + "; only paid orders are fulfilled");
        }
        boolean allowed = switch (order.fulfilment().type()) {
            case PICKUP -> (from == Order.FulfilmentStatus.NONE && to == Order.FulfilmentStatus.READY_FOR_PICKUP)
                    || (from == Order.FulfilmentStatus.READY_FOR_PICKUP && to == Order.FulfilmentStatus.FULFILLED);
            case CARRY_OUT -> from == Order.FulfilmentStatus.NONE && to == Order.FulfilmentStatus.FULFILLED;
            case SHIP -> from == Order.FulfilmentStatus.NONE && to == Order.FulfilmentStatus.SHIPPED;
        };
        if (!allowed) {
            throw new Rejected(Rejected.Kind.CONFLICT, "fulfilment-transition", "Fulfilment cannot move that way",
                    "a " + order.fulfilment().type() + " order cannot go from " + from + " to " + to, "status", null, null);
        }
        if (!orders.moveFulfilment(order, from, to, new TimelineEntry(clock.instant(), TimelineEntry.Type.fulfilment(to), by, null))) {
            throw Rejected.conflict("concurrent-change", "Concurrent change", "order '" + orderId + "' changed; read it again");
        }
        return order(orderId);
    }

    public OrderStore.Page queue(String locationId, Order.FulfilmentStatus status, int limit, String next) {
        if (catalog.location(locationId).isEmpty()) throw Rejected.notFound("location", "locationId", locationId);
        return orders.queue(locationId, status, limit, next);
    }

    /** Cancels an unpaid order: hold released and order CANCELLED together, then the payment stopped at Stripe. */
    public Order cancel(String orderId, String by) {
        return Contention.retry("order '" + orderId + "'", () -> {
            Order order = order(orderId);
            switch (order.status()) {
                case CANCELLED, EXPIRED -> { return Optional.of(order); }
                case AWAITING_PAYMENT -> { }
                default -> throw Rejected.conflict("order-paid", "Order already paid", "order '" + orderId + "' is " + order.status() + "; refund it instead");
            }
            FollowUp stop = stops.stopFollowUp(order);
            try {
                endUnpaid(order, new TimelineEntry(clock.instant(), TimelineEntry.Type.CANCELLED, by, "cancelled before payment; stock released"),
                        followUps.owedWrites(stop));
            } catch (OrderStateChanged changed) {
                return Optional.empty(); // paid or cancelled meanwhile: decide again
            }
            try {
                stops.stop(order);
                followUps.done(stop.id());
            } catch (StripeFailed e) {
                orders.append(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.PAYMENT_STOP_FAILED, by, e.getMessage() + "; retried later"));
            }
            Order cancelled = order(orderId);
            terminalPayments.stopReader(cancelled);
            return Optional.of(cancelled);
        });
    }
}
