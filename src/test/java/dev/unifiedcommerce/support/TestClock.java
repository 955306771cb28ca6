package dev.unifiedcommerce.support;

import io.quarkus.test.Mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The application's clock in tests: real time plus an offset a test can move forward (and must reset). */
@Mock
@jakarta.inject.Singleton
public class TestClock extends Clock {
    private static final AtomicLong OFFSET_MILLIS = new AtomicLong();

    public static void advance(Duration d) { OFFSET_MILLIS.addAndGet(d.toMillis()); }
    public static void reset() { OFFSET_MILLIS.set(0); }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    /** The same moving time seen in another zone (as Clock's contract says; code reading a store's date relies on it). */
    @Override public Clock withZone(ZoneId zone) {
        TestClock self = this;
        return new Clock() {
            @Override public ZoneId getZone() { return zone; }
            @Override public Clock withZone(ZoneId other) { return self.withZone(other); }
            @Override public Instant instant() { return self.instant(); }
        };
    }
    @Override public Instant instant() { return Instant.now().plusMillis(OFFSET_MILLIS.get()); }
}
