package dev.unifiedcommerce.support;

import java.nio.file.Path;

/** Where the test application writes its messages (SMS, e-mail, chat copies): commerce.notify.outbox-dir, one place for every test. */
public final class Outbox {
    public static final Path DIR = Path.of(System.getProperty("commerce.notify.outbox-dir", "target/test-outbox"));

    private Outbox() {}

    public static Path sms() { return DIR.resolve("sms"); }
}
