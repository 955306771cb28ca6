package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.platform.errors.Problem;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Promotion codes and personal coupons: the rules of a code as an admin sets it, and personal codes issued at the till. */
@ApplicationScoped
public class Promotions {
    /** A–Z, 0–9 and dashes, up to 32 characters (any case as typed). */
    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final char[] PERSONAL = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray(); // no 0/O, 1/I: read aloud at a till
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PromotionStore store;
    private final Customers customers;
    private final Clock clock;

    public Promotions(PromotionStore store, Customers customers, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
    }

    public Promotion save(Promotion p) {
        requireCode(p.code());
        check(p);
        if (p.customerId() != null && customers.byId(p.customerId()).isEmpty()) {
            throw Problem.unprocessable("customerId", "unknown customer '" + p.customerId() + "'");
        }
        return store.save(p);
    }

    public Promotion get(String code) {
        requireCode(code);
        return store.find(Promotion.normalise(code)).orElseThrow(() -> Problem.notFound("promotion", "code", code));
    }

    /** A single-use personal code for one customer, generated; valid from now until {@code validUntil}. */
    public Promotion issuePersonal(String customerId, Promotion.Type type, Integer percentOff, Money amountOff, Instant validUntil, String by) {
        if (customers.byId(customerId).isEmpty()) throw Problem.notFound("customer", "customerId", customerId);
        for (int attempt = 0; attempt < 5; attempt++) {
            Promotion p = new Promotion(personalCode(), "personal code issued by " + by, type, percentOff, amountOff, clock.instant(), validUntil,
                    Set.of(), Set.of(), null, 1L, 1L, customerId, true, 0);
            check(p);
            if (store.create(p)) return p;
        }
        throw new IllegalStateException("could not find a free personal code");
    }

    /** The customer's personal codes still usable now (for their profile). */
    public List<Promotion> usableBy(String customerId) {
        Instant now = clock.instant();
        return store.personalOf(customerId).stream().filter(p -> p.usableAt(now)).toList();
    }

    private static void requireCode(String code) {
        if (code == null || !CODE.matcher(code).matches()) throw Problem.badField("code", "must be 1 to 32 letters, digits or dashes");
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
                if (p.percentOff() == null || p.percentOff() < 1 || p.percentOff() > 100) throw Problem.badField("percentOff", "must be 1 to 100 for PERCENT");
                if (p.amountOff() != null) throw Problem.badField("amountOff", "is only for AMOUNT");
            }
            case AMOUNT -> {
                if (p.amountOff() == null || p.amountOff().amount() < 1) throw Problem.badField("amountOff", "must be at least 1 for AMOUNT");
                if (p.percentOff() != null) throw Problem.badField("percentOff", "is only for PERCENT");
            }
        }
        if (p.validUntil() == null) throw Problem.badField("validUntil", "is required");
        if (p.validFrom() != null && !p.validUntil().isAfter(p.validFrom())) throw Problem.badField("validUntil", "must be after validFrom");
        if (p.minimumSpend() != null && p.amountOff() != null && !p.minimumSpend().currency().equals(p.amountOff().currency())) {
            throw Problem.badField("minimumSpend.currency", "must be the currency of amountOff (" + p.amountOff().currency() + ")");
        }
    }
}
