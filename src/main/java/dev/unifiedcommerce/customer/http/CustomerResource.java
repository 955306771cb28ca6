package dev.unifiedcommerce.customer.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.catalog.http.CatalogViews.MoneyBody;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.Customer;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.customer.LoyaltyLedger;
import dev.unifiedcommerce.customer.PhoneRegions;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.http.CheckoutViews;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.promotion.Promotions;
import dev.unifiedcommerce.promotion.http.PromotionResource;
import dev.unifiedcommerce.subscription.Subscriptions;
import dev.unifiedcommerce.visit.Visit;
import dev.unifiedcommerce.visit.VisitStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Staff at the till find a shopper by phone or e-mail and see every channel's orders and the points (Checkout function). */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {
    public record OrderSummary(String orderId, Order.Status status, Order.Channel channel, MoneyBody total, String createdAt) {}

    public record LoyaltyEntryView(String at, String orderId, long points, String reason) {}

    /** A store the customer bought from, and when last: what a channel suggests for the next visit. */
    public record StoreView(String locationId, String lastPurchaseAt) {
        static List<StoreView> of(List<Order> orders) {
            Map<String, Instant> last = new LinkedHashMap<>();
            orders.stream().filter(o -> o.status() == Order.Status.PAID || o.status() == Order.Status.REFUNDED)
                    .forEach(o -> last.merge(o.fulfilment().locationId(), o.createdAt(), (a, b) -> a.isAfter(b) ? a : b));
            return last.entrySet().stream().sorted(Map.Entry.<String, Instant>comparingByValue().reversed())
                    .map(e -> new StoreView(e.getKey(), e.getValue().toString())).toList();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** {@code loyaltyValue}: what the points are worth in the currency the customer usually pays in (their latest order's). */
    public record CustomerView(String customerId, String name, String phone, String email, long loyaltyPoints, MoneyBody loyaltyValue,
                               List<LoyaltyEntryView> loyalty, List<OrderSummary> orders, String possibleDuplicateOf,
                               List<PromotionResource.PromotionView> promotions, List<StoreView> stores,
                               List<AddressView> addresses, List<SubscriptionSummary> subscriptions, List<VisitSummary> visits) {}

    /** A visit the customer booked at a store (times in UTC), latest first: what the till sees of their visits. */
    public record VisitSummary(String visitId, String status, String locationId, String start, List<Visit.Item> items) {}

    /** {@code problem}: why its last payment failed (staff see a PAST_DUE one here), until a payment succeeds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionSummary(String subscriptionId, String status, String interval, long deliveries, String problem, String createdAt) {}

    /** An address the customer shipped to (staff see them; a channel uses them only through shipToAddressOnFile). */
    public record AddressView(CheckoutViews.ShipToView address, String lastUsedAt) {}

    private final Customers customers;
    private final OrderStore orders;
    private final LoyaltyLedger ledger;
    private final PhoneRegions regions;
    private final Caller caller;
    private final Promotions promotions;
    private final Loyalty loyalty;
    @Inject Subscriptions subscriptions;
    @Inject VisitStore visits;
    @Inject CustomerAccess access;

    public CustomerResource(Customers customers, OrderStore orders, LoyaltyLedger ledger, PhoneRegions regions,
                            Caller caller, Promotions promotions,
                            Loyalty loyalty) {
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
        if ((phone == null) == (email == null)) throw Rejected.invalid("phone", "give either phone or email");
        // as typed at the till: a national number is read in the country of the staff member's store
        Supplier<String> region = () -> regions.of(null, caller.isStaff() ? caller.stores() : Set.of());
        Customer c = (phone != null ? customers.byPhone(Contact.e164(phone, "phone", region)) : customers.byEmail(Contact.email(email, "email")))
                .orElseThrow(() -> Rejected.notFound("customer", phone != null ? "phone" : "email", phone != null ? phone : email));
        return profile(c);
    }

    /**
     * The same profile by id: a channel reads the customer one of its shoppers is bound to (403 for any other: an id is
     * a name, not a key), and sees the orders it sold them; staff follow a link from an order.
     */
    @GET
    @Path("{customerId}")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @APIResponse(responseCode = "403", description = "A channel asked for a customer none of its shoppers is bound to (field customerId).")
    public CustomerView byId(@PathParam("customerId") @Pattern(regexp = Ids.PATTERN) String customerId) {
        access.requireBound(customerId, "customerId");
        Customer c = customers.byId(customerId).orElseThrow(() -> Rejected.notFound("customer", "customerId", customerId));
        if (caller.isAdmin() || caller.isStaff()) return profile(c);
        // the verified shopper's own profile, with the orders this channel sold them (other channels' are theirs to show)
        var own = orders.ordersOf(c.id(), 50).stream().filter(o -> caller.id().equals(o.createdBy())).toList();
        return new CustomerView(c.id(), c.name(), c.phone(), c.email(), c.loyaltyPoints(), value(c, own),
                ledger.entries(c.id()).stream().map(e -> new LoyaltyEntryView(e.at().toString(), e.orderId(), e.points(), e.reason())).toList(),
                own.stream().map(o -> new OrderSummary(o.id(), o.status(), o.channel(), MoneyBody.of(o.total()), o.createdAt().toString())).toList(),
                null, usablePromotions(c), StoreView.of(own), addresses(c), null, null);
    }

    /** A vouched address for the customer's book: {@code verificationId} is staff's proof that the shopper asked for it. */
    public record AddressBody(@NotNull @Valid CheckoutViews.ShipToBody address, @Pattern(regexp = Ids.PATTERN) String verificationId) {}

    public record AddressesView(String customerId, List<AddressView> addresses) {}

    /**
     * Adds an address to the customer's book as the newest one on file (the same place again only moves it first): a
     * channel for a customer its shopper is bound to, staff with the shopper's confirmed verification.
     */
    @PUT
    @Path("{customerId}/addresses")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @APIResponse(responseCode = "403", description = "A channel's customer not bound to one of its shoppers (field customerId); staff without "
            + "the shopper's proof (field verificationId).")
    public AddressesView addAddress(@PathParam("customerId") @Pattern(regexp = Ids.PATTERN) String customerId, @NotNull @Valid AddressBody b) {
        var named = access.named(customerId, null, b.verificationId(), "customer");
        if (named.vouchedId() == null) {
            throw new Rejected(Rejected.Kind.FORBIDDEN, "proof-required", "Shopper's proof needed", "a customer's address book changes only with their proof: send "
                    + "them a code (POST /customers/verifications) and give verificationId", "verificationId", Map.of(), null);
        }
        Customer c = customers.byId(customerId).orElseThrow(() -> Rejected.notFound("customer", "customerId", customerId));
        customers.keepAddress(c.id(), b.address().toAddress());
        return new AddressesView(c.id(), addresses(c));
    }

    private List<AddressView> addresses(Customer c) {
        return customers.addresses(c.id()).stream().map(a -> new AddressView(CheckoutViews.ShipToView.of(a.address()), a.lastUsedAt().toString())).toList();
    }

    private CustomerView profile(Customer c) {
        List<Order> recent = orders.ordersOf(c.id(), 50);
        return new CustomerView(c.id(), c.name(), c.phone(), c.email(), c.loyaltyPoints(), value(c, recent),
                ledger.entries(c.id()).stream().map(e -> new LoyaltyEntryView(e.at().toString(), e.orderId(), e.points(), e.reason())).toList(),
                recent.stream().map(o -> new OrderSummary(o.id(), o.status(), o.channel(), MoneyBody.of(o.total()),
                        o.createdAt().toString())).toList(), c.possibleDuplicateOf(), usablePromotions(c), StoreView.of(recent),
                addresses(c),
                subscriptions.ofCustomer(c.id()).stream().map(s -> new SubscriptionSummary(s.id(), s.status().name(), s.interval().name(),
                        s.billing().deliveries(), s.billing().problem(), s.createdAt().toString())).toList(),
                visits.ofCustomer(c.id(), 20).stream().map(v -> new VisitSummary(v.id(), v.status().name(), v.locationId(), v.start().toString(), v.items())).toList());
    }

    /** The balance's worth in the currency of the customer's latest order (none yet: no value shown). */
    private MoneyBody value(Customer c, List<Order> newestFirst) {
        return newestFirst.isEmpty() ? null : MoneyBody.of(loyalty.valueOf(c.loyaltyPoints(), newestFirst.getFirst().total().currency()));
    }

    /** The customer's personal codes still usable now. */
    private List<PromotionResource.PromotionView> usablePromotions(Customer c) {
        return promotions.usableBy(c.id()).stream().map(PromotionResource.PromotionView::of).toList();
    }
}
