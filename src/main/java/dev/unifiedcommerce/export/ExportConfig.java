package dev.unifiedcommerce.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "commerce.export")
public interface ExportConfig {
    /** The stack's export bucket (template.yaml sets it); none: exports are off (the local stack: DynamoDB Local has no export). */
    Optional<String> bucket();

    /** Where in the bucket the exports go (the function may write only there). */
    @WithDefault("exports")
    String prefix();

    /** The table's ARN (ExportTableToPointInTime names the table by it; template.yaml sets it). */
    Optional<String> tableArn();

    /** The account that owns the bucket (S3BucketOwner: an export never lands in someone else's bucket of the same name). */
    Optional<String> bucketOwner();
}
