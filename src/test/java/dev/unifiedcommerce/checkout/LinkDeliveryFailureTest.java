package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** SMS through Amazon SNS that cannot be reached: the order and its hold stand, the failure is reported and on the timeline. */
@QuarkusTest
@TestProfile(LinkDeliveryFailureTest.SnsUnreachable.class)
class LinkDeliveryFailureTest {
    public static class SnsUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("commerce.notify.mode", "sns", "commerce.notify.sns-endpoint", "http://127.0.0.1:9",
                    "commerce.notify.sns-region", "us-east-1", "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
        }
    }

    @Test
    void aFailedSmsIsReportedAndRecordedAndTheOrderAndHoldStand() {
        String[] s = seeded(2);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("channel", "SMS");
        body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", "+819012345678")));
        String orderId = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201)
                .body("payment.url", notNullValue())
                .body("delivery[0].channel", is("sms")).body("delivery[0].delivered", is(false))
                .extract().path("orderId");
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("AWAITING_PAYMENT"))
                .body("timeline.type", hasItem("LINK_DELIVERY_FAILED"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }
}
