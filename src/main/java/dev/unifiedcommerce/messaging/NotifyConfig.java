package dev.unifiedcommerce.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "commerce.notify")
public interface NotifyConfig {
    /** outbox: messages are written under {@link #outboxDir()} (local stack, tests); sns: SMS through Amazon SNS. */
    @WithDefault("sns")
    String mode();

    @WithDefault("target/outbox")
    String outboxDir();

    /** SNS endpoint override (tests); unset in AWS. */
    Optional<String> snsEndpoint();

    /** SES endpoint override (tests); unset in AWS. */
    Optional<String> sesEndpoint();

    /** The SES identity e-mail is sent from (template.yaml: EmailFrom); unset: no e-mail leaves AWS, only the outbox works. */
    Optional<String> emailFrom();

    /** SNS (and SES) region; unset in AWS, where AWS_REGION names it. */
    Optional<String> snsRegion();

    /** Chat webhooks on loopback/private addresses and plain http are refused except on the local stack. */
    @WithDefault("false")
    boolean allowPrivateChatUrls();
}
