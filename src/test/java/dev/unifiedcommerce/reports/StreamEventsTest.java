package dev.unifiedcommerce.reports;

import dev.unifiedcommerce.reports.dynamo.StreamEvents;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event Lambda hands the Reports stream function, and the answer it takes back (ReportBatchItemFailures). */
class StreamEventsTest {
    /** A record as AWS documents Lambda's DynamoDB event (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html). */
    static final String LAMBDA_EVENT = """
            {"Records":[{"eventID":"c4ca4238a0b923820dcc509a6f75849b","eventName":"MODIFY","eventVersion":"1.1","eventSource":"aws:dynamodb",
              "awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":1764547200,"Keys":{"PK":{"S":"ORDER#o1"},"SK":{"S":"ORDER"}},
              "NewImage":{"PK":{"S":"ORDER#o1"},"status":{"S":"PAID"},"totalAmount":{"N":"1500"},"lines":{"L":[{"M":{"sku":{"S":"A"},"quantity":{"N":"2"}}}]},
                "flags":{"SS":["x","y"]},"blob":{"B":"AQID"},"gone":{"NULL":true},"ok":{"BOOL":true}},
              "OldImage":{"PK":{"S":"ORDER#o1"},"status":{"S":"AWAITING_PAYMENT"}},
              "SequenceNumber":"111","SizeBytes":26,"StreamViewType":"NEW_AND_OLD_IMAGES"},
              "eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/commerce/stream/2026-12-01T00:00:00.000"},
             {"eventSource":"aws:sqs","body":"not ours"}]}""";

    @Test
    void aLambdaEventIsReadIntoTheChangesItCarriesAndOtherSourcesAreSkipped() {
        List<dev.unifiedcommerce.reports.dynamo.SalesStream.Change> changes = StreamEvents.changes(LAMBDA_EVENT);
        assertThat(changes).hasSize(1);
        var c = changes.getFirst();
        assertThat(c.sequenceNumber()).isEqualTo("111");
        assertThat(c.at()).isEqualTo(Instant.ofEpochSecond(1764547200));
        assertThat(c.oldImage()).containsEntry("status", AttributeValue.fromS("AWAITING_PAYMENT"));
        assertThat(c.newImage()).containsEntry("totalAmount", AttributeValue.fromN("1500"))
                .containsEntry("lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("sku", AttributeValue.fromS("A"), "quantity", AttributeValue.fromN("2"))))))
                .containsEntry("flags", AttributeValue.fromSs(List.of("x", "y"))).containsEntry("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[]{1, 2, 3})))
                .containsEntry("gone", AttributeValue.fromNul(true)).containsEntry("ok", AttributeValue.fromBool(true));
    }

    @Test
    void theLocalPollerWritesTheEventLambdaWould() {
        Map<String, AttributeValue> image = Map.of("PK", AttributeValue.fromS("ORDER#o2"), "n", AttributeValue.fromN("7"),
                "m", AttributeValue.fromM(Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[]{9})))));
        Record r = Record.builder().eventID("e1").eventName(OperationType.INSERT).eventVersion("1.1").awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(Instant.ofEpochSecond(1764547201)).keys(Map.of("PK", image.get("PK")))
                        .newImage(image).sequenceNumber("222").sizeBytes(10L).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()).build();
        String event = StreamEvents.event(List.of(r), "arn:stream");
        assertThat(event).contains("\"eventSource\":\"aws:dynamodb\"", "\"eventName\":\"INSERT\"", "\"ApproximateCreationDateTime\":1764547201",
                "\"SequenceNumber\":\"222\"", "\"eventSourceARN\":\"arn:stream\"");
        var back = StreamEvents.changes(event).getFirst();
        assertThat(back.newImage()).isEqualTo(image);
        assertThat(back.oldImage()).isNull();
    }

    @Test
    void theAnswerNamesOnlyTheRecordToRetryFrom() {
        assertThat(StreamEvents.response(null)).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(StreamEvents.response("333")).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"333\"}]}");
        assertThat(StreamEvents.firstFailure(StreamEvents.response("333"))).isEqualTo("333");
    }
}
