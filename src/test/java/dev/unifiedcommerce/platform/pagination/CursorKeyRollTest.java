package dev.unifiedcommerce.platform.pagination;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.secrets.SealingKeys;
import dev.unifiedcommerce.platform.secrets.Secrets;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rolling the cursor key ("new,old") keeps every list a shopper or a till is paging through working. */
class CursorKeyRollTest {
    static final String SCOPE = "web-shop /locations/store-1/inventory {limit=[2]}";

    static Cursors withKey(String key) {
        Secrets secrets = new Secrets(new Secrets.SecretsConfig() {
            @Override public Duration cacheFor() { return Duration.ofMinutes(5); }
            @Override public Optional<String> ssmEndpoint() { return Optional.empty(); }
        }, Clock.systemUTC());
        return new Cursors(new SealingKeys(new SealingKeys.SealingKeyConfig() {
            @Override public Optional<String> key() { return Optional.of(key); }
            @Override public Optional<String> keyParameter() { return Optional.empty(); }
        }, secrets));
    }

    @Test
    void aCursorSealedBeforeTheRollStillOpensWhileTheOldKeyIsListed() {
        String before = withKey("old-key").seal("raw-position", SCOPE);
        assertThat(withKey("new-key,old-key").open(before, SCOPE)).isEqualTo("raw-position");
    }

    @Test
    void newCursorsAreSealedWithTheNewKeySoTheOldOneCanBeDropped() {
        String after = withKey("new-key,old-key").seal("raw-position", SCOPE);
        assertThat(withKey("new-key").open(after, SCOPE)).isEqualTo("raw-position");
        assertThatThrownBy(() -> withKey("old-key").open(after, SCOPE)).isInstanceOf(Rejected.class);
    }

    @Test
    void onceTheOldKeyIsDroppedItsCursorsAreRefusedNamingNext() {
        String before = withKey("old-key").seal("raw-position", SCOPE);
        assertThatThrownBy(() -> withKey("new-key").open(before, SCOPE)).isInstanceOfSatisfying(Rejected.class,
                p -> assertThat(p.kind()).isEqualTo(Rejected.Kind.INVALID));
    }
}
