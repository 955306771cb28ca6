package dev.unifiedcommerce.checkout.notify;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;

/** SMS through Amazon SNS (transactional, so links are not throttled as marketing). Client built at first use. */
@ApplicationScoped
public class SnsSmsSender implements SmsSender {
    private volatile SnsClient client;

    private SnsClient client() {
        SnsClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) client = SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
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
