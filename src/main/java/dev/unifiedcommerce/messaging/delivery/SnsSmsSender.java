package dev.unifiedcommerce.messaging.delivery;

import dev.unifiedcommerce.messaging.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** SMS through Amazon SNS (transactional, so links are not throttled as marketing). Client built at first use. */
@ApplicationScoped
public class SnsSmsSender implements SmsSender {
    private final NotifyConfig config;
    private volatile SnsClient client;

    public SnsSmsSender(NotifyConfig config) { this.config = config; }

    private SnsClient client() {
        SnsClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    // bounded: an SMS is sent inside a request with its own time budget; a failed one is owed (SEND_LINK)
                    var b = SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()
                                    .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(3)))
                            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5))
                                    .apiCallAttemptTimeout(Duration.ofSeconds(3)));
                    config.snsEndpoint().ifPresent(e -> b.endpointOverride(URI.create(e)));
                    config.snsRegion().ifPresent(r -> b.region(Region.of(r)));
                    client = b.build();
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public void send(String e164, String text) {
        client().publish(b -> b.phoneNumber(e164).message(text).messageAttributes(Map.of("AWS.SNS.SMS.SMSType",
                MessageAttributeValue.builder().dataType("String").stringValue("Transactional").build())));
    }
}
