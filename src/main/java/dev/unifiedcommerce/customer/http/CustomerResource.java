package dev.unifiedcommerce.customer.http;

import dev.unifiedcommerce.catalog.http.CatalogViews.MoneyBody;
import dev.unifiedcommerce.checkout.Order;
import dev.unifiedcommerce.checkout.OrderStore;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.Customer;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.customer.LoyaltyLedger;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Staff at the till find a shopper by phone or e-mail and see every channel's orders and the points (Checkout function). */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {
    public record OrderSummary(String orderId, Order.Status status, Order.Channel channel, MoneyBody total, String createdAt) {}

    public record LoyaltyEntryView(String at, String orderId, long points, String reason) {}

    /** A store the customer bought from, and when last: what a channel suggests for the next visit. */
    public record StoreView(String locationId, String lastPurchaseAt) {
        static List<StoreView> of(List<Order> orders) {
            java.util.Map<String, java.time.Instant> last = new java.util.LinkedHashMap<>();
            orders.stream().filter(o -> o.status() == Order.Status.PAID || o.status() == Order.Status.REFUNDED)
                    .forEach(o -> last.merge(o.fulfilment().locationId(), o.createdAt(), (a, b) -> a.isAfter(b) ? a : b));
            return last.entrySet().stream().sorted(java.util.Map.Entry.<String, java.time.Instant>comparingByValue().reversed())
                    .map(e -> new StoreView(e.getKey(), e.getValue().toString())).toList();
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    /** {@code loyaltyValue}: what the points are worth in the currency the customer usually pays in (their latest order's). */
    public record CustomerView(String customerId, String name, String phone, String email, long loyaltyPoints, MoneyBody loyaltyValue,
                               List<LoyaltyEntryView> loyalty, List<OrderSummary> orders, String possibleDuplicateOf,
                               List<dev.unifiedcommerce.promotion.http.PromotionResource.PromotionView> promotions, List<StoreView> stores,
                               List<AddressView> addresses, List<SubscriptionSummary> subscriptions, List<VisitSummary> visits) {}

    /** A visit the customer booked at a store (times in UTC), latest first: what the till sees of their visits. */
    public record VisitSummary(String visitId, String status, String locationId, String start, List<dev.unifiedcommerce.visit.Visit.Item> items) {}

    /** {@code problem}: why its last payment failed (staff see a PAST_DUE one here), until a payment succeeds. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record SubscriptionSummary(String subscriptionId, String status, String interval, long deliveries, String problem, String createdAt) {}

    /** An address the customer shipped to (staff see them; a channel uses them only through shipToAddressOnFile). */
    public record AddressView(dev.unifiedcommerce.checkout.http.CheckoutViews.ShipToView address, String lastUsedAt) {}

    private final Customers customers;
    private final OrderStore orders;
    private final LoyaltyLedger ledger;
    private final dev.unifiedcommerce.customer.PhoneRegions regions;
    private final dev.unifiedcommerce.platform.auth.Caller caller;
    private final dev.unifiedcommerce.promotion.Promotions promotions;
    private final dev.unifiedcommerce.customer.Loyalty loyalty;
    @jakarta.inject.Inject dev.unifiedcommerce.subscription.Subscriptions subscriptions;
    @jakarta.inject.Inject dev.unifiedcommerce.visit.VisitStore visits;

    public CustomerResource(Customers customers, OrderStore orders, LoyaltyLedger ledger, dev.unifiedcommerce.customer.PhoneRegions regions,
                            dev.unifiedcommerce.platform.auth.Caller caller, dev.unifiedcommerce.promotion.Promotions promotions,
                            dev.unifiedcommerce.customer.Loyalty loyalty) {
        this.loyalty = loyalty;
        this.promotions = promotions;
        this.regions = regions;
        this.caller = caller;
        this.customers = customers;
        this.orders = orders;
        this.ledger = ledger;
    }

    @GET
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public CustomerView find(@QueryParam("phone") String phone, @QueryParam("email") String email) {
        if ((phone == null) == (email == null)) throw Problem.badField("phone", "give either phone or email");
        // as typed at the till: a national number is read in the country of the staff member's store
        java.util.function.Supplier<String> region = () -> regions.of(null, caller.isStaff() ? caller.stores() : java.util.Set.of());
        Customer c = (phone != null ? customers.byPhone(Contact.e164(phone, "phone", region)) : customers.byEmail(Contact.email(email, "email")))
                .orElseThrow(() -> Problem.notFound("customer", phone != null ? "phone" : "email", phone != null ? phone : email));
        return profile(c);
    }

    /** The same profile by id: a channel passes the id of a shopper it signed in; staff follow a link from an order. */
    @GET
    @jakarta.ws.rs.Path("{customerId}")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public CustomerView byId(@jakarta.ws.rs.PathParam("customerId") @jakarta.validation.constraints.Pattern(regexp = dev.unifiedcommerce.platform.Ids.PATTERN) String customerId) {
        Customer c = customers.byId(customerId).orElseThrow(() -> Problem.notFound("customer", "customerId", customerId));
        if (caller.isAdmin() || caller.isStaff()) return profile(c);
        // A channel sees its own shoppers only, and only what it sold them: a phone typed into a checkout finds a
        // customer, so contact details and other channels' orders would hand a stranger's history to whoever typed it.
        var own = orders.ordersOf(c.id(), 50).stream().filter(o -> caller.id().equals(o.createdBy())).toList();
        if (own.isEmpty()) throw Problem.notFound("customer", "customerId", customerId);
        java.util.Set<String> ownIds = own.stream().map(Order::id).collect(java.util.stream.Collectors.toSet());
        return new CustomerView(c.id(), null, null, null, c.loyaltyPoints(), value(c, own),
                ledger.entries(c.id()).stream().filter(e -> ownIds.stream().anyMatch(id -> e.orderId().startsWith(id)))
                        .map(e -> new LoyaltyEntryView(e.at().toString(), e.orderId(), e.points(), e.reason())).toList(),
                own.stream().map(o -> new OrderSummary(o.id(), o.status(), o.channel(), MoneyBody.of(o.total()), o.createdAt().toString())).toList(),
                null, usablePromotions(c), StoreView.of(own), null, null, null);
    }

    private CustomerView profile(Customer c) {
        List<Order> recent = orders.ordersOf(c.id(), 50);
        return new CustomerView(c.id(), c.name(), c.phone(), c.email(), c.loyaltyPoints(), value(c, recent),
                ledger.entries(c.id()).stream().map(e -> new LoyaltyEntryView(e.at().toString(), e.orderId(), e.points(), e.reason())).toList(),
                recent.stream().map(o -> new OrderSummary(o.id(), o.status(), o.channel(), MoneyBody.of(o.total()),
                        o.createdAt().toString())).toList(), c.possibleDuplicateOf(), usablePromotions(c), StoreView.of(recent),
                customers.addresses(c.id()).stream().map(a -> new AddressView(dev.unifiedcommerce.checkout.http.CheckoutViews.ShipToView.of(a.address()),
                        a.lastUsedAt().toString())).toList(),
                subscriptions.ofCustomer(c.id()).stream().map(s -> new SubscriptionSummary(s.id(), s.status().name(), s.interval().name(),
                        s.billing().deliveries(), s.billing().problem(), s.createdAt().toString())).toList(),
                visits.ofCustomer(c.id(), 20).stream().map(v -> new VisitSummary(v.id(), v.status().name(), v.locationId(), v.start().toString(), v.items())).toList());
    }

    /** The balance's worth in the currency of the customer's latest order (none yet: no value shown). */
    private MoneyBody value(Customer c, List<Order> newestFirst) {
        return newestFirst.isEmpty() ? null : MoneyBody.of(loyalty.valueOf(c.loyaltyPoints(), newestFirst.getFirst().total().currency()));
    }

    /** The customer's personal codes still usable now. */
    private List<dev.unifiedcommerce.promotion.http.PromotionResource.PromotionView> usablePromotions(Customer c) {
        return promotions.usableBy(c.id()).stream().map(dev.unifiedcommerce.promotion.http.PromotionResource.PromotionView::of).toList();
    }
}
