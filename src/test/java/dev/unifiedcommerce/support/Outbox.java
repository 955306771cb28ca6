package dev.unifiedcommerce.support;

import java.nio.file.Path;

/** The messages this test JVM's application wrote (SMS, e-mail, chat copies): one directory per surefire fork (the pom). */
public final class Outbox {
    public static final Path DIR = Path.of(System.getProperty("commerce.notify.outbox-dir", "target/test-outbox"));

    private Outbox() {}

    public static Path sms() { return DIR.resolve("sms"); }
}
