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
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.now().plusMillis(OFFSET_MILLIS.get()); }
}
