package dev.unifiedcommerce.platform.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The one stripe-java client of the application, built at first use (cold starts that never call Stripe do not pay
 * for it), and the one place Stripe failures are classified. Requests and timings are logged, keys never.
 */
@ApplicationScoped
public class StripeApi {
    private static final Logger LOG = Logger.getLogger(StripeApi.class);

    private final StripeConfig config;
    private final dev.unifiedcommerce.platform.secrets.Secrets secrets;
    private final dev.unifiedcommerce.platform.metrics.Metrics metrics;
    private volatile StripeClient client;

    public StripeApi(StripeConfig config, dev.unifiedcommerce.platform.secrets.Secrets secrets, dev.unifiedcommerce.platform.metrics.Metrics metrics) {
        this.config = config;
        this.secrets = secrets;
        this.metrics = metrics;
    }

    public StripeClient client() {
        StripeClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    String key = secrets.resolve(config.secretKey(), config.secretKeyParameter())
                            .orElseThrow(() -> new StripeFailed("payments are not configured (no Stripe secret key)", true, false, null));
                    var b = StripeClient.builder().setApiKey(key).setMaxNetworkRetries(config.maxNetworkRetries())
                            .setConnectTimeout((int) config.connectTimeout().toMillis()).setReadTimeout((int) config.readTimeout().toMillis());
                    config.apiBase().filter(s -> !s.isBlank()).ifPresent(b::setApiBase);
                    client = b.build();
                }
                c = client;
            }
        }
        return c;
    }

    public static RequestOptions idempotent(String key) { return RequestOptions.builder().setIdempotencyKey(key).build(); }

    public interface StripeCall<T> { T run() throws StripeException; }

    /** A request that changes something at Stripe (creates, refunds, cancels, reader actions). */
    public <T> T write(String what, StripeCall<T> call) {
        if (config.readOnly()) throw new StripeFailed("this function only reads Stripe; " + what + " is left to the FollowUps function", false, false, null);
        return call(what, call);
    }

    /** A read (or, through {@link #write}, a write). */
    public <T> T call(String what, StripeCall<T> call) {
        long started = System.nanoTime();
        try {
            return call.run();
        } catch (RateLimitException | ApiConnectionException e) {
            LOG.warnf("Stripe %s: %s (request %s)", what, e.getClass().getSimpleName(), e.getRequestId());
            throw new StripeFailed("the payment provider is busy or unreachable", false, false, e);
        } catch (StripeException e) {
            int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
            LOG.warnf("Stripe %s answered %s %s (request %s)", what, status, e.getCode(), e.getRequestId());
            // 409: the reader busy, a lock not taken (nothing done); only a key still in flight leaves it open
            boolean keyInFlight = status == 409 && "idempotency_key_in_use".equals(e.getCode());
            if ((status >= 400 && status <= 404) || (status == 409 && !keyInFlight)) {
                throw new StripeFailed("the payment provider refused: " + (e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage()),
                        true, false, e);
            }
            // the same key still in flight, 429, 5xx: Stripe may have acted
            throw new StripeFailed("the payment provider did not confirm (" + status + ")", false, status >= 500, e);
        } finally {
            long ms = (System.nanoTime() - started) / 1_000_000;
            LOG.debugf("Stripe %s took %d ms", what, ms);
            metrics.millis("StripeLatency", ms, java.util.Map.of("Operation", what));
        }
    }
}
