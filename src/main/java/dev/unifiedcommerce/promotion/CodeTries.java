package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.ratelimit.RateLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Promotion codes refused at checkout (or looked up by a channel and not found), counted per hour: per verified customer
 * when the caller names one (a channel's bound shopper, staff's proof), else per caller (a channel, a member of staff). Past the limit, no code is even looked at (429), so a
 * secret code cannot be found by trying.
 */
@ApplicationScoped
public class CodeTries {
    private static final Duration WINDOW = Duration.ofHours(1);

    @ConfigMapping(prefix = "commerce.promotions.failed-tries")
    public interface CodeTriesConfig {
        @WithDefault("10")
        int perShopperPerHour();

        /** A channel's guests all count here: generous, yet far below what guessing needs. */
        @WithDefault("100")
        int perCallerPerHour();
    }

    /** The counter a checkout's refused codes go to: {@code what} in the window starting at {@code windowStart}. */
    public record Counter(String what, long windowStart, int limit) {}

    private final CodeTriesConfig config;
    private final RateLimits limits;

    public CodeTries(CodeTriesConfig config, RateLimits limits) {
        this.config = config;
        this.limits = limits;
    }

    /** {@code verifiedCustomerId}: the customer a verified shopper (or staff's proof) names; null: the caller's own counter. */
    public Counter counterFor(String caller, String verifiedCustomerId, Instant now) {
        return verifiedCustomerId != null
                ? new Counter("code-fails#customer#" + verifiedCustomerId, RateLimits.windowStart(now, WINDOW), config.perShopperPerHour())
                : new Counter("code-fails#" + caller, RateLimits.windowStart(now, WINDOW), config.perCallerPerHour());
    }

    /** A channel's look-ups of codes by name ({@code GET /promotions/{code}}): a counter of their own, per caller. */
    public Counter lookupsBy(String caller, Instant now) {
        return new Counter("code-lookups#" + caller, RateLimits.windowStart(now, WINDOW), config.perCallerPerHour());
    }

    /** As {@link #requireUnder}, reading the counter (a code looked up on its own, not within a checkout's read). */
    public void requireUnderNow(Counter c, Instant now) { requireUnder(c, limits.used(c.what(), c.windowStart()), now); }

    /** 429 naming {@code promotionCode} when this window's refusals reached the limit. */
    public void requireUnder(Counter c, long refusedSoFar, Instant now) {
        if (refusedSoFar >= c.limit()) throw tooMany(c, now);
    }

    /** Counts a refused code; 429 when that was one too many. */
    public void refused(Counter c, Instant now) {
        if (!limits.tryConsume(c.what(), c.limit(), WINDOW)) throw tooMany(c, now);
    }

    private static Rejected tooMany(Counter c, Instant now) {
        int retryAfter = (int) Math.max(1, c.windowStart() + WINDOW.toSeconds() - now.getEpochSecond());
        return new Rejected(Rejected.Kind.TOO_MANY, "rate-limited", "Too many codes tried", "too many promotion codes were refused this hour; try again later",
                CodeRefused.FIELD, Map.of("retryAfterSeconds", retryAfter), retryAfter);
    }
}
