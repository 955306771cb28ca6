package dev.unifiedcommerce.promotion.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.catalog.http.CatalogViews.MoneyBody;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.promotion.CodeTries;
import dev.unifiedcommerce.promotion.Promotion;
import dev.unifiedcommerce.promotion.Promotions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** Promotion codes (Checkout function: the checkout spends them). */
@Path("/promotions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PromotionResource {
    /** The channels an order can come from (Order.Channel's names). */
    static final String CHANNEL = "WEB|APP|POS|SMS|CHAT|SOCIAL";

    public record PromotionBody(@Size(max = 200) String description,
                                @NotNull Promotion.Type type,
                                @Min(1) @Max(100) Integer percentOff,
                                @Valid MoneyBody amountOff,
                                String validFrom,
                                @NotNull String validUntil,
                                @Size(max = 10) List<@NotNull @Pattern(regexp = CHANNEL) String> channels,
                                @Size(max = 100) List<@NotNull @Pattern(regexp = Ids.PATTERN) String> locationIds,
                                @Valid MoneyBody minimumSpend,
                                @Min(1) @Max(100_000_000) Long maxRedemptions,
                                @Min(1) @Max(1_000) Long maxPerCustomer,
                                @Pattern(regexp = Ids.PATTERN) String customerId,
                                Boolean active) {}

    public record PersonalBody(@NotNull Promotion.Type type, @Min(1) @Max(100) Integer percentOff, @Valid MoneyBody amountOff,
                               @NotNull String validUntil) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PromotionView(String code, String description, Promotion.Type type, Integer percentOff, MoneyBody amountOff, String validFrom,
                                String validUntil, Set<String> channels, Set<String> locationIds, MoneyBody minimumSpend, Long maxRedemptions,
                                Long maxPerCustomer, String customerId, boolean active, long redemptions, String issuedBy, String issuedAt) {
        public static PromotionView of(Promotion p) {
            return new PromotionView(p.code(), p.description(), p.type(), p.percentOff(), p.amountOff() == null ? null : MoneyBody.of(p.amountOff()),
                    p.validFrom() == null ? null : p.validFrom().toString(), p.validUntil().toString(),
                    p.channels().isEmpty() ? null : p.channels(), p.locationIds().isEmpty() ? null : p.locationIds(),
                    p.minimumSpend() == null ? null : MoneyBody.of(p.minimumSpend()), p.maxRedemptions(), p.maxPerCustomer(), p.customerId(),
                    p.active(), p.redemptions(), p.issuedBy(), p.issuedAt() == null ? null : p.issuedAt().toString());
        }
    }

    private final Promotions promotions;
    private final Caller caller;

    private final CodeTries codeTries;
    private final Clock clock;

    public PromotionResource(Promotions promotions, Caller caller, CodeTries codeTries, Clock clock) {
        this.promotions = promotions;
        this.caller = caller;
        this.codeTries = codeTries;
        this.clock = clock;
    }

    @PUT
    @Path("{code}")
    @RolesAllowed({Roles.ADMIN})
    public PromotionView save(@PathParam("code") String code, @NotNull @Valid PromotionBody b) {
        if (code == null || !Promotions.CODE.matcher(code).matches()) throw Rejected.invalid("code", "must be 1 to 32 letters, digits or dashes");
        Promotion p = new Promotion(Promotion.normalise(code), b.description(), b.type(), b.percentOff(),
                b.amountOff() == null ? null : b.amountOff().toMoney(), instant(b.validFrom(), "validFrom"), instant(b.validUntil(), "validUntil"),
                b.channels() == null ? Set.of() : Set.copyOf(b.channels()), b.locationIds() == null ? Set.of() : Set.copyOf(b.locationIds()),
                b.minimumSpend() == null ? null : b.minimumSpend().toMoney(), b.maxRedemptions(), b.maxPerCustomer(), b.customerId(),
                b.active() == null || b.active(), 0);
        return PromotionView.of(promotions.save(p));
    }

    /**
     * Staff and admins see any code; a channel only a public one usable now (a shopper typing a code learns nothing more),
     * and its misses count with the checkout's refused codes (429 past the limit).
     */
    @GET
    @Path("{code}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public PromotionView get(@PathParam("code") String code) {
        if (caller.isAdmin() || caller.isStaff()) return PromotionView.of(promotions.get(code));
        // a channel: only a public code usable now, and a miss counts as a refused code (no trying codes out here either)
        var counter = codeTries.lookupsBy(caller.id(), clock.instant());
        codeTries.requireUnderNow(counter, clock.instant());
        Promotion p;
        try {
            p = promotions.get(code);
        } catch (Rejected unknown) {
            if (unknown.kind() == Rejected.Kind.NOT_FOUND) codeTries.refused(counter, clock.instant());
            throw unknown;
        }
        Instant now = clock.instant();
        boolean validNow = p.active() && (p.validFrom() == null || !now.isBefore(p.validFrom())) && now.isBefore(p.validUntil());
        if (p.customerId() != null || !validNow) {
            codeTries.refused(counter, now); // what a guesser hits: personal, inactive, not valid now
            throw Rejected.notFound("promotion", "code", code);
        }
        return PromotionView.of(p);
    }

    static Instant instant(String value, String field) {
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Rejected.invalid(field, "must be an ISO-8601 instant such as 2026-12-31T15:00:00Z");
        }
    }
}
