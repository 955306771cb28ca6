package dev.unifiedcommerce.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.unifiedcommerce.support.Api.as;

/** A shopper proving their phone or e-mail as a channel or staff would: the code read from the test outbox and given back. */
public final class Shoppers {
    private static final Path OUTBOX = Outbox.DIR;
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Shoppers() {}

    /** A fresh Japanese mobile number no other test uses. */
    public static String newMobile() { return Phones.unique("+8190"); }

    /** Starts a verification of {@code body} (phone or email, shopperRef) as {@code token}; its id. */
    public static String start(String token, Map<String, Object> body) {
        return as(token).body(body).post("/customers/verifications").then().statusCode(202).extract().path("verificationId");
    }

    /** The newest code sent to {@code to} (a phone or an e-mail) in the outbox. */
    public static String codeSentTo(String to) {
        try (Stream<Path> files = Files.exists(OUTBOX) ? Files.walk(OUTBOX) : Stream.empty()) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted(Comparator.comparingLong(Shoppers::modified).reversed())
                    .map(Shoppers::read).filter(m -> to.equals(m.path("to").asText())).map(m -> CODE.matcher(m.path("text").asText()))
                    .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElseThrow(() -> new AssertionError("no code sent to " + to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Confirms the verification with the code that was sent; the customer's id. */
    public static String confirm(String token, String verificationId, String to) {
        return as(token).body(Map.of("code", codeSentTo(to))).post("/customers/verifications/{id}/confirm", verificationId)
                .then().statusCode(200).extract().path("customerId");
    }

    /** The channel verifies its shopper's phone and binds {@code shopperRef} to the customer; the customer's id. */
    public static String bind(String channelToken, String phone, String shopperRef) {
        return confirm(channelToken, start(channelToken, Map.of("phone", phone, "shopperRef", shopperRef)), phone);
    }

    /** Staff send the shopper a code and take it back at the till: the verification (the shopper's proof). */
    public static String proveAtTill(String staffToken, String phone) {
        String id = start(staffToken, Map.of("phone", phone));
        confirm(staffToken, id, phone);
        return id;
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static JsonNode read(Path f) {
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

}
