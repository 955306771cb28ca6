package dev.unifiedcommerce.export.dynamo;

import dev.unifiedcommerce.export.ExportCheckpoint;
import dev.unifiedcommerce.export.ExportConfig;
import dev.unifiedcommerce.export.ExportWindow;
import dev.unifiedcommerce.export.TableExports;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.dynamodb.model.S3SseAlgorithm;

/**
 * Exports through DynamoDB's own API: the whole table at a point in time, then each window's changes with both images
 * (so a view of each item's latest state, and its deletions, can be built from them). Full and incremental exports
 * go under their own prefixes: their files have different layouts (Item; Keys, NewImage, OldImage).
 */
@ApplicationScoped
public class DynamoTableExports implements TableExports {
    private final DynamoDbClient client;
    private final ExportConfig config;

    public DynamoTableExports(DynamoDbClient client, ExportConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public String start(ExportWindow window, String clientToken) {
        return client.exportTableToPointInTime(request(window, clientToken, config)).exportDescription().exportArn();
    }

    @Override
    public State describe(String exportArn) {
        var d = client.describeExport(b -> b.exportArn(exportArn)).exportDescription();
        ExportCheckpoint.Status status = switch (d.exportStatus()) {
            case COMPLETED -> ExportCheckpoint.Status.COMPLETED;
            case FAILED -> ExportCheckpoint.Status.FAILED;
            default -> ExportCheckpoint.Status.IN_PROGRESS;
        };
        return new State(status, d.failureCode() == null ? d.failureMessage() : d.failureCode() + ": " + d.failureMessage());
    }

    /** The request for one window (public: the test holds it to the SDK's model). */
    public static ExportTableToPointInTimeRequest request(ExportWindow window, String clientToken, ExportConfig config) {
        var b = ExportTableToPointInTimeRequest.builder()
                .tableArn(config.tableArn().orElseThrow(() -> new IllegalStateException("commerce.export.table-arn is not set")))
                .s3Bucket(config.bucket().orElseThrow(() -> new IllegalStateException("commerce.export.bucket is not set")))
                .s3Prefix(config.prefix() + "/" + (window.kind() == ExportWindow.Kind.FULL ? "full" : "incremental"))
                .s3SseAlgorithm(S3SseAlgorithm.AES256)
                .exportFormat(ExportFormat.DYNAMODB_JSON)
                .clientToken(clientToken);
        config.bucketOwner().ifPresent(b::s3BucketOwner);
        if (window.kind() == ExportWindow.Kind.FULL) {
            b.exportType(ExportType.FULL_EXPORT).exportTime(window.to());
        } else {
            b.exportType(ExportType.INCREMENTAL_EXPORT).incrementalExportSpecification(s -> s.exportFromTime(window.from())
                    .exportToTime(window.to()).exportViewType(ExportViewType.NEW_AND_OLD_IMAGES));
        }
        return b.build();
    }
}
