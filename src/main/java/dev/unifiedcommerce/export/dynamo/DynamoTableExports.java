package dev.unifiedcommerce.export.dynamo;

import dev.unifiedcommerce.export.ExportCheckpoint;
import dev.unifiedcommerce.export.ExportConfig;
import dev.unifiedcommerce.export.ExportWindow;
import dev.unifiedcommerce.export.TableExports;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.dynamodb.model.InvalidExportTimeException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.S3SseAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Exports through DynamoDB's own API: the whole table at a point in time, then each window's changes with both images
 * (so each item's latest state, and its deletions, can be built from them). Each export has a prefix of its own,
 * named by its time or window and attempt: full and incremental files have different layouts (Item; Keys, NewImage,
 * OldImage), and the files of a failed attempt never mix with its retry's.
 */
@ApplicationScoped
public class DynamoTableExports implements TableExports {
    /** How export prefixes name times (the views read the full export's time back from its path). */
    public static final DateTimeFormatter PATH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient client;
    private final ExportConfig config;

    public DynamoTableExports(DynamoDbClient client, ExportConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public String start(ExportWindow window, int attempt) {
        try {
            return client.exportTableToPointInTime(request(window, attempt, config)).exportDescription().exportArn();
        } catch (InvalidExportTimeException | PointInTimeRecoveryUnavailableException | ExportConflictException refused) {
            throw new TableExports.Refused(refused.awsErrorDetails() == null ? refused.getMessage() : refused.awsErrorDetails().errorCode()
                    + ": " + refused.awsErrorDetails().errorMessage(), refused);
        }
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

    /** The request for one window's attempt (public: the test holds it to the SDK's model). */
    public static ExportTableToPointInTimeRequest request(ExportWindow window, int attempt, ExportConfig config) {
        boolean full = window.kind() == ExportWindow.Kind.FULL;
        String name = full ? PATH_TIME.format(window.to()) : PATH_TIME.format(window.from()) + "-" + PATH_TIME.format(window.to());
        var b = ExportTableToPointInTimeRequest.builder()
                .tableArn(config.tableArn().orElseThrow(() -> new IllegalStateException("commerce.export.table-arn is not set")))
                .s3Bucket(config.bucket().orElseThrow(() -> new IllegalStateException("commerce.export.bucket is not set")))
                .s3Prefix(config.prefix() + "/" + (full ? "full/" : "incremental/") + name + "/attempt-" + attempt)
                .s3SseAlgorithm(S3SseAlgorithm.AES256)
                .exportFormat(ExportFormat.DYNAMODB_JSON)
                .clientToken(clientToken(window, attempt));
        config.bucketOwner().ifPresent(b::s3BucketOwner);
        if (full) {
            b.exportType(ExportType.FULL_EXPORT).exportTime(window.to());
        } else {
            b.exportType(ExportType.INCREMENTAL_EXPORT).incrementalExportSpecification(s -> s.exportFromTime(window.from())
                    .exportToTime(window.to()).exportViewType(ExportViewType.NEW_AND_OLD_IMAGES));
        }
        return b.build();
    }

    /** The same window and attempt always give the same token (DynamoDB answers a repeat within 8 hours with the same export). */
    static String clientToken(ExportWindow w, int attempt) {
        String name = w.kind() + "|" + w.from() + "|" + w.to() + "|" + attempt;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8))).substring(0, 36);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
