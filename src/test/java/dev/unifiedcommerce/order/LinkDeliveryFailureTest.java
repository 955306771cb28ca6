package dev.unifiedcommerce.order;

import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.support.SeparateStack;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * Payment links delivered outside the outbox: SMS through Amazon SNS that cannot be reached (the order and its hold
 * stand, the failure is reported and on the timeline), and a chat webhook that receives the link as a JSON POST.
 */
@QuarkusTest
@TestProfile(SeparateStack.class) // SNS that cannot be reached; chat webhooks on this machine allowed
class LinkDeliveryFailureTest {
    @Test
    void aChatConversationReceivesTheLinkAsAJsonPost() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        var chat = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        chat.createContext("/hook", ex -> {
            received.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        chat.start();
        try {
            String[] s = seeded(2);
            Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
            body.put("channel", "CHAT");
            body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("chatWebhookUrl", "http://127.0.0.1:" + chat.getAddress().getPort() + "/hook")));
            var o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201)
                    .body("delivery[0].channel", is("chat")).body("delivery[0].delivered", is(true)).extract().jsonPath();
            String message = received.poll(5, TimeUnit.SECONDS);
            assertThat(message).startsWith("application/json")
                    .contains("\"orderId\":\"" + o.getString("orderId") + "\"").contains(o.getString("payment.url"));
            as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("timeline.type", hasItem("LINK_SENT"));
        } finally {
            chat.stop(0);
        }
    }

    @Inject
    FollowUps followUps;

    @AfterEach
    void resetClock() { TestClock.reset(); }

    /** The minutes (from the order) at which the link went to the chat webhook, over an hour of one FollowUps pass a minute. */
    List<Long> chatAttemptsOverAnHour(String chatUrl) {
        String[] s = seeded(2);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("channel", "CHAT");
        body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("chatWebhookUrl", chatUrl)));
        String orderId = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201)
                .body("delivery[0].delivered", is(false)).extract().path("orderId");
        for (int minute = 1; minute <= 60; minute++) {
            TestClock.advance(Duration.ofMinutes(1));
            followUps.run();
        }
        var timeline = as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().jsonPath();
        Instant start = Instant.parse(timeline.getString("createdAt"));
        List<Long> minutes = new ArrayList<>();
        List<String> types = timeline.getList("timeline.type"), ats = timeline.getList("timeline.at");
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).equals("LINK_DELIVERY_FAILED")) minutes.add(Duration.between(start, Instant.parse(ats.get(i))).toMinutes());
        }
        return minutes;
    }

    @Test
    void aChatWebhookThatDoesNotAnswerIsTriedLessAndLessOften() {
        var minutes = chatAttemptsOverAnHour("http://127.0.0.1:9/hook"); // nothing listens on the discard port

        // at the checkout, after the grace (2 minutes), then 1, 2, 4, 8, 16 ... minutes apart: not every minute
        assertThat(minutes).hasSizeBetween(4, 8);
        for (int i = 3; i < minutes.size(); i++) {
            assertThat(minutes.get(i) - minutes.get(i - 1)).as("gap before attempt " + i + " in " + minutes)
                    .isGreaterThanOrEqualTo(minutes.get(i - 1) - minutes.get(i - 2));
        }
    }

    @Test
    void aConversationThatAnswersItIsGoneIsNotTriedAgain() throws Exception {
        var chat = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        chat.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(410, -1);
            ex.close();
        });
        chat.start();
        try {
            var minutes = chatAttemptsOverAnHour("http://127.0.0.1:" + chat.getAddress().getPort() + "/hook");

            assertThat(minutes).hasSize(1); // the checkout's own attempt; 410 will not change by asking again
        } finally {
            chat.stop(0);
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
