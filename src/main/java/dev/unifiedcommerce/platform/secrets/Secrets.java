package dev.unifiedcommerce.platform.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets (the Stripe key, webhook signing secrets): a value given directly (local stack, tests: from the
 * environment) or, in AWS, the name of an SSM Parameter Store SecureString read at first use and cached for a few
 * minutes, so a rotated secret is picked up without a deploy and a cold start that needs no secret reads none.
 * Values are never logged; only parameter names are.
 */
@ApplicationScoped
public class Secrets {
    private static final Logger LOG = Logger.getLogger(Secrets.class);

    @ConfigMapping(prefix = "commerce.secrets")
    public interface SecretsConfig {
        /** How long a value read from SSM is reused. */
        @WithDefault("PT5M")
        Duration cacheFor();

        /** SSM endpoint override (tests); unset in AWS. */
        Optional<String> ssmEndpoint();
    }

    private record Cached(String value, Instant readAt) {}

    private final SecretsConfig config;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile SsmClient ssm;

    public Secrets(SecretsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The direct value when there is one, else the SSM parameter's decrypted value; empty when neither is set. */
    public Optional<String> resolve(Optional<String> direct, Optional<String> parameterName) {
        Optional<String> given = direct.filter(v -> !v.isBlank());
        if (given.isPresent()) return given;
        Optional<String> name = parameterName.filter(v -> !v.isBlank());
        if (name.isEmpty()) return Optional.empty();
        Cached c = cache.get(name.get());
        if (c != null && c.readAt().plus(config.cacheFor()).isAfter(clock.instant())) return Optional.of(c.value());
        String value = client().getParameter(b -> b.name(name.get()).withDecryption(true)).parameter().value();
        cache.put(name.get(), new Cached(value, clock.instant()));
        LOG.infof("read secret parameter %s", name.get());
        return Optional.of(value);
    }

    /** Forgets every cached value (before a SnapStart snapshot: no secret is kept in it); the next resolve reads SSM. */
    public void forgetAll() { cache.clear(); }

    /** How many values are cached now. */
    public int cached() { return cache.size(); }

    /** Forgets a cached value (the Stripe key was refused: it was rolled), so the next resolve reads SSM again. */
    public void forget(Optional<String> parameterName) {
        parameterName.filter(v -> !v.isBlank()).ifPresent(cache::remove);
    }

    /**
     * Reads a cached SSM value again when it was read more than {@code minAge} ago; true when a new value came back.
     * The age floor keeps a stream of forged requests from turning into a stream of SSM reads. The old value stays
     * until the new one is in hand: SSM failing here must not turn a refusal into a 500 or empty the cache.
     */
    public boolean rereadIfOlderThan(Optional<String> parameterName, Duration minAge) {
        Optional<String> name = parameterName.filter(v -> !v.isBlank());
        if (name.isEmpty()) return false;
        Cached c = cache.get(name.get());
        if (c == null || c.readAt().plus(minAge).isAfter(clock.instant())) return false;
        try {
            String value = client().getParameter(b -> b.name(name.get()).withDecryption(true)).parameter().value();
            cache.put(name.get(), new Cached(value, clock.instant()));
            LOG.infof("read secret parameter %s again", name.get());
            return !value.equals(c.value());
        } catch (RuntimeException e) {
            cache.replace(name.get(), c, new Cached(c.value(), clock.instant())); // try again after minAge, not at once
            LOG.warnf("could not read secret parameter %s again (%s); keeping the cached value", name.get(), e.getClass().getSimpleName());
            return false;
        }
    }

    private SsmClient client() {
        SsmClient c = ssm;
        if (c == null) {
            synchronized (this) {
                if (ssm == null) {
                    // bounded: a secret read happens inside a request with its own time budget
                    var b = SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()
                                    .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(3)))
                            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5)).apiCallAttemptTimeout(Duration.ofSeconds(3)));
                    config.ssmEndpoint().ifPresent(e -> b.endpointOverride(URI.create(e)));
                    ssm = b.build();
                }
                c = ssm;
            }
        }
        return c;
    }
}
