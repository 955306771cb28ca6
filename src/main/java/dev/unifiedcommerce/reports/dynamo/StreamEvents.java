package dev.unifiedcommerce.reports.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event Lambda's event source mapping hands a function for a batch of DynamoDB stream records
 * ({@code {"Records":[{"eventSource":"aws:dynamodb","dynamodb":{"NewImage":…,"OldImage":…,"SequenceNumber":…}}]}}) and
 * the answer it takes back ({@code {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]}}). The local poller
 * writes this event from GetRecords, so the local stack runs the Reports function's own path.
 */
public final class StreamEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamEvents() {}

    /** Lambda's event for these records, as the mapping writes it. */
    public static String event(List<Record> records, String streamArn) {
        ObjectNode event = NODES.objectNode();
        ArrayNode out = event.putArray("Records");
        for (Record r : records) {
            ObjectNode rec = out.addObject();
            rec.put("eventID", r.eventID());
            rec.put("eventName", r.eventNameAsString());
            rec.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
            rec.put("eventSource", "aws:dynamodb");
            rec.put("awsRegion", r.awsRegion());
            ObjectNode d = rec.putObject("dynamodb");
            var s = r.dynamodb();
            // Lambda gives whole seconds since the epoch here
            if (s.approximateCreationDateTime() != null) d.put("ApproximateCreationDateTime", s.approximateCreationDateTime().getEpochSecond());
            if (s.hasKeys()) d.set("Keys", image(s.keys()));
            if (s.hasNewImage()) d.set("NewImage", image(s.newImage()));
            if (s.hasOldImage()) d.set("OldImage", image(s.oldImage()));
            d.put("SequenceNumber", s.sequenceNumber());
            if (s.sizeBytes() != null) d.put("SizeBytes", s.sizeBytes());
            if (s.streamViewTypeAsString() != null) d.put("StreamViewType", s.streamViewTypeAsString());
            rec.put("eventSourceARN", streamArn);
        }
        return event.toString();
    }

    /** The changes in a Lambda event (records from other sources are not ours and are skipped). */
    public static List<SalesStream.Change> changes(String event) {
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (IOException e) {
            throw new UncheckedIOException("not a stream event", e);
        }
        List<SalesStream.Change> out = new ArrayList<>();
        for (JsonNode rec : root.path("Records")) {
            if (!"aws:dynamodb".equals(rec.path("eventSource").asText())) continue;
            JsonNode d = rec.path("dynamodb");
            JsonNode at = d.path("ApproximateCreationDateTime");
            Instant when = at.isNumber() ? Instant.ofEpochMilli(Math.round(at.asDouble() * 1000)) : Instant.now();
            out.add(new SalesStream.Change(d.path("SequenceNumber").asText(), when, d.has("OldImage") ? item(d.get("OldImage")) : null,
                    d.has("NewImage") ? item(d.get("NewImage")) : null));
        }
        return out;
    }

    /** The mapping's answer: everything applied, or the record to retry the batch from. */
    public static String response(String firstFailure) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode failures = answer.putArray("batchItemFailures");
        if (firstFailure != null) failures.addObject().put("itemIdentifier", firstFailure);
        return answer.toString();
    }

    /** The record a response asks to be retried from (null: none). */
    public static String firstFailure(String response) {
        try {
            JsonNode failures = JSON.readTree(response).path("batchItemFailures");
            return failures.isEmpty() ? null : failures.get(0).path("itemIdentifier").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode o = NODES.objectNode();
        item.forEach((k, v) -> o.set(k, value(v)));
        return o;
    }

    /** By which member is set, not {@code type()}: an empty list or map read from the stream has no type the SDK knows. */
    private static ObjectNode value(AttributeValue v) {
        ObjectNode o = NODES.objectNode();
        if (v.s() != null) o.put("S", v.s());
        else if (v.n() != null) o.put("N", v.n());
        else if (v.b() != null) o.put("B", v.b().asByteArray());
        else if (v.bool() != null) o.put("BOOL", v.bool());
        else if (v.nul() != null) o.put("NULL", true);
        else if (v.hasM()) o.set("M", image(v.m()));
        else if (v.hasSs()) v.ss().forEach(o.putArray("SS")::add);
        else if (v.hasNs()) v.ns().forEach(o.putArray("NS")::add);
        else if (v.hasBs()) v.bs().forEach(b -> o.withArray("BS").add(b.asByteArray()));
        else {
            ArrayNode a = o.putArray("L"); // a list, possibly empty
            if (v.hasL()) v.l().forEach(e -> a.add(value(e)));
        }
        return o;
    }

    static Map<String, AttributeValue> item(JsonNode image) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        image.fields().forEachRemaining(e -> out.put(e.getKey(), attribute(e.getValue())));
        return out;
    }

    private static AttributeValue attribute(JsonNode v) {
        var e = v.fields().next();
        JsonNode x = e.getValue();
        return switch (e.getKey()) {
            case "S" -> AttributeValue.fromS(x.asText());
            case "N" -> AttributeValue.fromN(x.asText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(binary(x)));
            case "BOOL" -> AttributeValue.fromBool(x.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(item(x));
            case "L" -> {
                List<AttributeValue> l = new ArrayList<>();
                x.forEach(i -> l.add(attribute(i)));
                yield AttributeValue.fromL(l);
            }
            case "SS" -> AttributeValue.fromSs(texts(x));
            case "NS" -> AttributeValue.fromNs(texts(x));
            case "BS" -> {
                List<SdkBytes> l = new ArrayList<>();
                x.forEach(i -> l.add(SdkBytes.fromByteArray(binary(i))));
                yield AttributeValue.fromBs(l);
            }
            default -> throw new IllegalArgumentException("unknown attribute type " + e.getKey());
        };
    }

    private static byte[] binary(JsonNode x) {
        try {
            return x.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode x) {
        List<String> l = new ArrayList<>();
        x.forEach(i -> l.add(i.asText()));
        return l;
    }
}
