package dev.unifiedcommerce.platform.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.secrets.Secrets;
import dev.unifiedcommerce.platform.time.Budget;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * The one stripe-java client of the application, built at first use (cold starts that never call Stripe do not pay
 * for it), and the one place Stripe failures are classified. Requests and timings are logged, keys never.
 */
@ApplicationScoped
public class StripeApi {
    private static final Logger LOG = Logger.getLogger(StripeApi.class);

    private final StripeConfig config;
    private final Secrets secrets;
    private final Metrics metrics;
    private final Instance<Budget> budget;
    private volatile StripeClient client;

    @Inject
    public StripeApi(StripeConfig config, Secrets secrets, Metrics metrics,
                     Instance<Budget> budget) {
        this.config = config;
        this.secrets = secrets;
        this.metrics = metrics;
        this.budget = budget;
    }

    /** Without a request's time budget (benchmarks, tools): the configured timeouts only. */
    public StripeApi(StripeConfig config, Secrets secrets, Metrics metrics) {
        this(config, secrets, metrics, null);
    }

    /** Time left in this request (none known outside a request: the configured timeouts govern). */
    private Duration remaining() {
        if (budget == null || !Arc.container().requestContext().isActive()) return Duration.ofHours(1);
        return budget.get().remaining();
    }

    private volatile String clientKey;

    /**
     * The client for the current key: the key is resolved on every call (SSM values are cached for 5 minutes), so after
     * a key roll in SSM warm functions follow within 5 minutes, and at once after Stripe refused the old key.
     */
    /** Drops the client and the key it was built with (before a snapshot): the next call builds one from a fresh read. */
    public void forgetClient() {
        client = null;
        clientKey = null;
    }

    /** Whether a client (and so a key) is held now. */
    public boolean holdsClient() { return client != null; }

    public StripeClient client() {
        String key = secrets.resolve(config.secretKey(), config.secretKeyParameter())
                .orElseThrow(() -> new StripeFailed("payments are not configured (no Stripe secret key)", true, false, null, null));
        // Worst case of one call: (retries + 1) x (connect + read). It must fit the time this request has left, so a
        // short budget gets shorter timeouts and fewer retries instead of Lambda killing the function mid-flow.
        long left = remaining().toMillis();
        long connect = config.connectTimeout().toMillis(), read = config.readTimeout().toMillis();
        int retries = config.maxNetworkRetries();
        while (retries > 0 && (retries + 1) * (connect + read) > left) retries--;
        if (connect + read > left) read = Math.max(250, left - connect);
        if (retries == config.maxNetworkRetries() && read == config.readTimeout().toMillis()) return fullClient(key);
        return build(key, retries, (int) connect, (int) read);
    }

    private StripeClient fullClient(String key) {
        StripeClient c = client;
        if (c != null && key.equals(clientKey)) return c;
        synchronized (this) {
            if (client == null || !key.equals(clientKey)) {
                client = build(key, config.maxNetworkRetries(), (int) config.connectTimeout().toMillis(), (int) config.readTimeout().toMillis());
                clientKey = key;
            }
            return client;
        }
    }

    private StripeClient build(String key, int retries, int connectMillis, int readMillis) {
        var b = StripeClient.builder().setApiKey(key).setMaxNetworkRetries(retries).setConnectTimeout(connectMillis).setReadTimeout(readMillis);
        config.apiBase().filter(s -> !s.isBlank()).ifPresent(b::setApiBase);
        return b.build();
    }

    public static RequestOptions idempotent(String key) { return RequestOptions.builder().setIdempotencyKey(key).build(); }

    public interface StripeCall<T> { T run() throws StripeException; }

    /** A request that changes something at Stripe (creates, refunds, cancels, reader actions). */
    public <T> T write(String what, StripeCall<T> call) {
        if (config.readOnly()) throw new StripeFailed("this function only reads Stripe; " + what + " is left to the FollowUps function", false, false, null, null);
        return call(what, call);
    }

    /** A read (or, through {@link #write}, a write). */
    public <T> T call(String what, StripeCall<T> call) {
        // too little time left to connect and hear an answer: not even started (nothing sent, so nothing to settle but
        // what the caller already owes; it answers 503 / PENDING and its follow-up asks Stripe with time to spare)
        if (remaining().toMillis() < config.connectTimeout().toMillis() + 1000) {
            LOG.warnf("Stripe %s not started: %d ms left in this request", what, remaining().toMillis());
            throw new StripeFailed("too little time left in this request to ask the payment provider", false, false, null, null);
        }
        long started = System.nanoTime();
        try {
            try {
                return call.run();
            } catch (AuthenticationException rolled) {
                // the key was rolled (or revoked): read it again from SSM now, and try once more with the new one
                LOG.warnf("Stripe %s: the key was refused; reading it again", what);
                secrets.forget(config.secretKeyParameter());
                return call.run();
            }
        } catch (RateLimitException | ApiConnectionException e) {
            LOG.warnf("Stripe %s: %s (request %s)", what, e.getClass().getSimpleName(), e.getRequestId());
            throw failed("the payment provider is busy or unreachable", false, false, e);
        } catch (StripeException e) {
            int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
            LOG.warnf("Stripe %s answered %s %s (request %s)", what, status, e.getCode(), e.getRequestId());
            // 409: the reader busy, a lock not taken (nothing done); only a key still in flight leaves it open
            boolean keyInFlight = status == 409 && "idempotency_key_in_use".equals(e.getCode());
            if ((status >= 400 && status <= 404) || (status == 409 && !keyInFlight)) {
                throw failed("the payment provider refused: " + (e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage()),
                        true, false, e);
            }
            // the same key still in flight, 429, 5xx: Stripe may have acted
            throw failed("the payment provider did not confirm (" + status + ")", false, status >= 500, e);
        } finally {
            long ms = (System.nanoTime() - started) / 1_000_000;
            LOG.debugf("Stripe %s took %d ms", what, ms);
            metrics.millis("StripeLatency", ms, Map.of("Operation", what));
        }
    }

    /** Stripe's answer, as the domain reads it: status, error code and the parameter it named. */
    private static StripeFailed failed(String message, boolean definite, boolean serverError, StripeException e) {
        var error = e.getStripeError();
        var answer = new StripeFailed.Answer(e.getStatusCode() == null ? 0 : e.getStatusCode(), error == null ? null : error.getCode(),
                error == null ? null : error.getParam());
        return new StripeFailed(message, definite, serverError, answer, e);
    }
}
