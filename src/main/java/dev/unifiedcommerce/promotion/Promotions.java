package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.ratelimit.RateLimits;
import dev.unifiedcommerce.platform.transaction.Writes;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Promotion codes and personal coupons: the rules of a code as an admin sets it, and personal codes issued at the till. */
@ApplicationScoped
public class Promotions {
    /** A–Z, 0–9 and dashes, up to 32 characters (any case as typed). */
    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final char[] PERSONAL = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray(); // no 0/O, 1/I: read aloud at a till
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What staff may hand out without an admin (DESIGN.md "Who may spend what": value within bounds). */
    @ConfigMapping(prefix = "commerce.promotions")
    public interface PromotionLimits {
        @WithDefault("20")
        int staffMaxPercent();

        /** Per lower-case currency, in minor units (application.properties: jpy 2000, usd 2000); a currency not listed: admins only. */
        Map<String, Long> staffMaxAmount();

        @WithDefault("20")
        int staffDailyCount();
    }

    private final PromotionStore store;
    private final Customers customers;
    private final Clock clock;
    private final PromotionLimits config;
    private final RateLimits limits;

    public Promotions(PromotionStore store, Customers customers, Clock clock, PromotionLimits config, RateLimits limits) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
        this.config = config;
        this.limits = limits;
    }

    public Promotion save(Promotion p) {
        requireCode(p.code());
        check(p);
        if (p.customerId() != null && customers.byId(p.customerId()).isEmpty()) {
            throw Rejected.unusable("customerId", "unknown customer '" + p.customerId() + "'");
        }
        return store.save(p);
    }

    public Promotion get(String code) {
        requireCode(code);
        return store.find(Promotion.normalise(code)).orElseThrow(() -> Rejected.notFound("promotion", "code", code));
    }

    /** Who hands a personal code out: an admin, or staff of {@code stores}. */
    public record Issuer(String id, boolean admin, Set<String> stores) {}

    /**
     * A single-use personal code for one customer, generated; valid from now until {@code validUntil}. Staff issue codes
     * only to customers with an order or a visit in one of their stores, up to the configured value per code and count
     * per day; above that only an admin may (403 naming the field). The issuer and the time are kept on the code.
     */
    public Promotion issuePersonal(String customerId, Promotion.Type type, Integer percentOff, Money amountOff, Instant validUntil, Issuer by) {
        if (customers.byId(customerId).isEmpty()) throw Rejected.notFound("customer", "customerId", customerId);
        Instant now = clock.instant();
        Promotion draft = new Promotion(personalCode(), "personal code issued by " + (by.admin() ? "an admin" : "staff"), type, percentOff, amountOff,
                now, validUntil, Set.of(), Set.of(), null, 1L, 1L, customerId, true, 0, by.id(), now);
        check(draft);
        if (!by.admin()) withinStaffBounds(customerId, draft, by);
        for (int attempt = 0; attempt < 5; attempt++) {
            Promotion p = attempt == 0 ? draft : new Promotion(personalCode(), draft.description(), type, percentOff, amountOff, now, validUntil,
                    Set.of(), Set.of(), null, 1L, 1L, customerId, true, 0, by.id(), now);
            if (store.create(p)) return p;
        }
        throw new IllegalStateException("could not find a free personal code");
    }

    /** Staff's limits on personal codes (each refusal 403 naming what is over); counts the code against the day's. */
    private void withinStaffBounds(String customerId, Promotion p, Issuer by) {
        if (!customers.shoppedAt(customerId, by.stores(), by.id())) {
            throw new Rejected(Rejected.Kind.FORBIDDEN, "personal-code-refused", "Not your store's customer", "staff issue personal codes to customers with an order or a "
                    + "visit in one of their stores; an admin may issue this one", "customerId", Map.of("reason", "NOT_A_CUSTOMER_OF_YOUR_STORES"), null);
        }
        if (p.type() == Promotion.Type.PERCENT && p.percentOff() > config.staffMaxPercent()) {
            throw overBound("percentOff", "staff issue at most " + config.staffMaxPercent() + "% off; an admin may issue more");
        }
        if (p.type() == Promotion.Type.AMOUNT) {
            Long most = config.staffMaxAmount().get(p.amountOff().currency());
            if (most == null) throw overBound("amountOff", "staff issue no amount off in " + p.amountOff().currency() + "; an admin may");
            if (p.amountOff().amount() > most) {
                throw overBound("amountOff", "staff issue at most " + most + " " + p.amountOff().currency() + " (minor units) off; an admin may issue more");
            }
        }
        if (!limits.tryConsume("personal-codes-by#" + by.id(), config.staffDailyCount(), Duration.ofDays(1))) {
            throw new Rejected(Rejected.Kind.FORBIDDEN, "personal-code-refused", "Daily count reached", "staff issue at most " + config.staffDailyCount()
                    + " personal codes a day; an admin may issue more", "customerId", Map.of("reason", "STAFF_DAILY_COUNT"), null);
        }
    }

    private static Rejected overBound(String field, String detail) {
        return new Rejected(Rejected.Kind.FORBIDDEN, "personal-code-refused", "Above what staff may issue", detail, field, Map.of("reason", "ABOVE_STAFF_LIMIT"), null);
    }

    /** The customer's personal codes still usable now (for their profile). */
    public List<Promotion> usableBy(String customerId) {
        Instant now = clock.instant();
        return store.personalOf(customerId).stream().filter(p -> p.usableAt(now)).toList();
    }

    /**
     * What {@code p} takes off {@code basket} now, or why it cannot (a {@link CodeRefused} problem). {@code usesByCustomer}:
     * how often the vouched customer used the code already (0 when unknown or not counted). The counters are checked
     * again, exactly, by the checkout's transaction ({@link PromotionStore#redeemWrites}); this read only explains.
     */
    public long discountFor(String asTyped, Promotion p, Basket basket, long usesByCustomer) {
        Instant now = clock.instant();
        String code = Promotion.normalise(asTyped);
        if (p == null) throw CodeRefused.because(CodeRefused.Reason.UNKNOWN, "no promotion code '" + code + "'");
        if (!p.active()) throw CodeRefused.because(CodeRefused.Reason.INACTIVE, "code '" + code + "' is not active");
        if (p.validFrom() != null && now.isBefore(p.validFrom())) {
            throw CodeRefused.because(CodeRefused.Reason.NOT_YET_VALID, "code '" + code + "' is valid from " + p.validFrom());
        }
        if (!now.isBefore(p.validUntil())) throw CodeRefused.because(CodeRefused.Reason.EXPIRED, "code '" + code + "' expired at " + p.validUntil());
        if (p.channels() != null && !p.channels().isEmpty() && !p.channels().contains(basket.channel())) {
            throw CodeRefused.because(CodeRefused.Reason.WRONG_CHANNEL, "code '" + code + "' is for " + String.join(", ", new TreeSet<>(p.channels()))
                    + " orders, not " + basket.channel());
        }
        if (p.locationIds() != null && !p.locationIds().isEmpty() && !p.locationIds().contains(basket.locationId())) {
            throw CodeRefused.because(CodeRefused.Reason.WRONG_LOCATION, "code '" + code + "' is for orders fulfilled at "
                    + String.join(", ", new TreeSet<>(p.locationIds())) + ", not at '" + basket.locationId() + "'");
        }
        String currency = basket.subtotal().currency();
        Money priced = p.amountOff() != null ? p.amountOff() : p.minimumSpend();
        if (priced != null && !priced.currency().equals(currency)) {
            // an amount in another currency has no meaning here; the code belongs to the stores that sell in its currency
            throw CodeRefused.because(CodeRefused.Reason.WRONG_LOCATION, "code '" + code + "' is in " + priced.currency() + "; this order is paid in " + currency);
        }
        if (p.customerId() != null || p.maxPerCustomer() != null) {
            if (basket.vouchedCustomerId() == null) {
                throw CodeRefused.because(CodeRefused.Reason.CUSTOMER_REQUIRED, "code '" + code + "' is " + (p.customerId() != null ? "personal" : "limited per customer")
                        + ": give the signed-in customer's customer.customerId");
            }
            if (p.customerId() != null && !p.customerId().equals(basket.vouchedCustomerId())) {
                throw CodeRefused.because(CodeRefused.Reason.ANOTHER_CUSTOMERS, "code '" + code + "' was issued to another customer");
            }
        }
        if (p.minimumSpend() != null && basket.subtotal().amount() < p.minimumSpend().amount()) {
            throw CodeRefused.because(CodeRefused.Reason.BELOW_MINIMUM_SPEND, "code '" + code + "' needs a subtotal of at least "
                    + p.minimumSpend().amount() + " " + currency + "; this order's is " + basket.subtotal().amount());
        }
        if (p.maxRedemptions() != null && p.redemptions() >= p.maxRedemptions()) {
            throw CodeRefused.because(CodeRefused.Reason.USED_UP, "code '" + code + "' has been used " + p.maxRedemptions() + " time(s), its limit");
        }
        if (p.maxPerCustomer() != null && usesByCustomer >= p.maxPerCustomer()) {
            throw CodeRefused.because(CodeRefused.Reason.ALREADY_USED, "this customer has used code '" + code + "' " + usesByCustomer + " time(s), its limit");
        }
        long subtotal = basket.subtotal().amount();
        return switch (p.type()) {
            // half up, in the currency's minor unit (10% of 999 yen is 100 yen off)
            case PERCENT -> Math.min(subtotal, (subtotal * p.percentOff() + 50) / 100);
            case AMOUNT -> Math.min(subtotal, p.amountOff().amount());
        };
    }

    /** One use of {@code p} for an order's transaction ({@link PromotionStore#redeemWrites}). */
    public Writes redeemWrites(Promotion p, String customerId) { return store.redeemWrites(p, customerId); }

    public Writes giveBackWrites(String code, String customerId) { return store.giveBackWrites(code, customerId); }

    public Writes retakeWrites(String code, String customerId) { return store.retakeWrites(code, customerId); }

    /** A given-back use taken again only within the code's limits (a late payment), else {@code refused}. */
    public Writes retakeWithinLimitsWrites(String code, String customerId,
                                                                              Supplier<? extends RuntimeException> refused) {
        Long perCustomer = store.find(code).map(Promotion::maxPerCustomer).orElse(null);
        return store.retakeWithinLimitsWrites(code, customerId, perCustomer, refused);
    }

    /** Whether uses of {@code p} are counted per customer (a personal code, or one with a limit per customer). */
    public static boolean countedPerCustomer(Promotion p) { return p.customerId() != null || p.maxPerCustomer() != null; }

    private static void requireCode(String code) {
        if (code == null || !CODE.matcher(code).matches()) throw Rejected.invalid("code", "must be 1 to 32 letters, digits or dashes");
    }

    private static String personalCode() {
        char[] c = new char[10];
        for (int i = 0; i < c.length; i++) c[i] = PERSONAL[RANDOM.nextInt(PERSONAL.length)];
        return "P-" + new String(c);
    }

    /** Cross-field rules, each refusal naming its field. */
    private void check(Promotion p) {
        switch (p.type()) {
            case PERCENT -> {
                if (p.percentOff() == null || p.percentOff() < 1 || p.percentOff() > 100) throw Rejected.invalid("percentOff", "must be 1 to 100 for PERCENT");
                if (p.amountOff() != null) throw Rejected.invalid("amountOff", "is only for AMOUNT");
            }
            case AMOUNT -> {
                if (p.amountOff() == null || p.amountOff().amount() < 1) throw Rejected.invalid("amountOff", "must be at least 1 for AMOUNT");
                if (p.percentOff() != null) throw Rejected.invalid("percentOff", "is only for PERCENT");
            }
        }
        if (p.validUntil() == null) throw Rejected.invalid("validUntil", "is required");
        if (p.validFrom() != null && !p.validUntil().isAfter(p.validFrom())) throw Rejected.invalid("validUntil", "must be after validFrom");
        if (p.minimumSpend() != null && p.amountOff() != null && !p.minimumSpend().currency().equals(p.amountOff().currency())) {
            throw Rejected.invalid("minimumSpend.currency", "must be the currency of amountOff (" + p.amountOff().currency() + ")");
        }
    }
}
