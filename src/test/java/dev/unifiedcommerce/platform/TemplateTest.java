package dev.unifiedcommerce.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.unifiedcommerce.platform.routing.Function;
import dev.unifiedcommerce.platform.routing.Routes;
import dev.unifiedcommerce.platform.table.TableDefinition;
import dev.unifiedcommerce.platform.table.TableSetup;
import dev.unifiedcommerce.support.DynamoDbLocal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml cannot drift from the code: its table has the keys, indexes and TTL of infra/table.json (which
 * the local and test tables are created from), every HTTP route of a function is one that function serves, and the
 * Sweeper's schedule sends exactly the event the Sweeper accepts.
 */
class TemplateTest {
    static final JsonNode TEMPLATE = read();
    static final TableDefinition DEFINITION = TableDefinition.load();

    static JsonNode read() {
        try {
            return new YAMLMapper().readTree(new File("template.yaml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode table() { return TEMPLATE.at("/Resources/CommerceTable/Properties"); }

    @Test
    void theTemplatesTableHasTheKeysAndAttributesOfTheTableDefinition() {
        Map<String, String> attributes = new TreeMap<>();
        table().get("AttributeDefinitions").forEach(a -> attributes.put(a.get("AttributeName").asText(), a.get("AttributeType").asText()));
        assertThat(attributes).isEqualTo(new TreeMap<>(DEFINITION.attributes()));
        assertThat(keySchema(table().get("KeySchema"))).isEqualTo(Map.of("HASH", DEFINITION.partitionKey(), "RANGE", DEFINITION.sortKey()));
        assertThat(table().at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo(DEFINITION.ttlAttribute());
        assertThat(table().at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
        assertThat(table().get("BillingMode").asText()).isEqualTo(DEFINITION.billingMode());
        assertThat(table().at("/StreamSpecification/StreamViewType").asText()).isEqualTo(DEFINITION.streamViewType());
    }

    @Test
    void theTemplatesIndexesAreTheTableDefinitionsIndexes() {
        Map<String, String> inTemplate = new TreeMap<>();
        table().get("GlobalSecondaryIndexes").forEach(ix -> inTemplate.put(ix.get("IndexName").asText(), ix.at("/Projection/ProjectionType").asText()));
        Map<String, String> defined = new TreeMap<>();
        DEFINITION.globalSecondaryIndexes().forEach(ix -> defined.put(ix.name(), ix.projection()));
        assertThat(inTemplate.keySet()).isEqualTo(defined.keySet());
        DEFINITION.globalSecondaryIndexes().forEach(ix -> {
            assertThat(keySchema(findIndex(ix.name()).get("KeySchema"))).isEqualTo(Map.of("HASH", ix.partitionKey(), "RANGE", ix.sortKey()));
            assertThat(findIndex(ix.name()).at("/Projection/ProjectionType").asText()).isEqualTo(ix.projection());
        });
    }

    @Test
    void theTableTheCodeCreatesLocallyHasTheTemplatesKeysAndIndexes() {
        try (DynamoDbClient client = startLocal()) {
            String name = "template-check-" + System.nanoTime();
            TableSetup.createIfMissing(client, name, DEFINITION);
            TableDescription created = client.describeTable(b -> b.tableName(name)).table();
            Map<String, String> createdAttributes = new TreeMap<>();
            created.attributeDefinitions().forEach(a -> createdAttributes.put(a.attributeName(), a.attributeTypeAsString()));
            Map<String, String> templateAttributes = new TreeMap<>();
            table().get("AttributeDefinitions").forEach(a -> templateAttributes.put(a.get("AttributeName").asText(), a.get("AttributeType").asText()));
            assertThat(createdAttributes).isEqualTo(templateAttributes);

            Map<String, String> createdKeys = new HashMap<>();
            created.keySchema().forEach(k -> createdKeys.put(k.keyTypeAsString(), k.attributeName()));
            assertThat(createdKeys).isEqualTo(keySchema(table().get("KeySchema")));

            Map<String, Map<String, String>> createdIndexes = new TreeMap<>();
            created.globalSecondaryIndexes().forEach(ix -> {
                Map<String, String> keys = new HashMap<>();
                ix.keySchema().forEach(k -> keys.put(k.keyTypeAsString(), k.attributeName()));
                createdIndexes.put(ix.indexName(), keys);
            });
            Map<String, Map<String, String>> templateIndexes = new TreeMap<>();
            table().get("GlobalSecondaryIndexes").forEach(ix -> templateIndexes.put(ix.get("IndexName").asText(), keySchema(ix.get("KeySchema"))));
            assertThat(createdIndexes).isEqualTo(templateIndexes);

            var ttl = client.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
            assertThat(ttl.attributeName()).isEqualTo(table().at("/TimeToLiveSpecification/AttributeName").asText());
        }
    }

    @Test
    void everyHttpRouteOfAFunctionIsARouteThatFunctionServes() {
        int routes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = TEMPLATE.get("Resources").fields(); it.hasNext(); ) {
            var resource = it.next();
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) continue;
            JsonNode props = resource.getValue().get("Properties");
            if (STREAM_ARTIFACT.equals(props.path("CodeUri").asText())) {
                assertThat(props.path("Events").isMissingNode()).as("the stream function serves no HTTP route").isTrue();
                continue;
            }
            Function serving = Function.valueOf(props.at("/Environment/Variables/COMMERCE_FUNCTION").asText().toUpperCase());
            for (JsonNode event : props.path("Events")) {
                if (!"HttpApi".equals(event.path("Type").asText())) continue;
                String path = event.at("/Properties/Path").asText().replaceAll("\\{[^}]+}", "x");
                assertThat(Routes.ownerOf(path)).as("%s %s", resource.getKey(), path).contains(serving);
                routes++;
            }
        }
        assertThat(routes).isGreaterThan(0);
    }

    static final String STREAM_ARTIFACT = "src/reports-stream/target/function.zip";

    @Test
    void theChangeStreamReachesTheReportThroughAMappingThatRetriesFromTheFailedRecordAndKeepsWhatItGivesUpOn() {
        JsonNode mapping = TEMPLATE.at("/Resources/ReportsStreamMapping");
        assertThat(mapping.path("Type").asText()).isEqualTo("AWS::Lambda::EventSourceMapping");
        JsonNode p = mapping.get("Properties");
        assertThat(p.at("/EventSourceArn/Fn::GetAtt").toString()).isEqualTo("[\"CommerceTable\",\"StreamArn\"]");
        assertThat(p.at("/FunctionName/Ref").asText()).isEqualTo("ReportsStreamFunction.Alias");
        assertThat(p.path("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        assertThat(p.path("ParallelizationFactor").asInt()).isEqualTo(1);
        assertThat(p.path("BisectBatchOnFunctionError").asBoolean()).isTrue();
        assertThat(p.path("FunctionResponseTypes").toString()).isEqualTo("[\"ReportBatchItemFailures\"]");
        assertThat(p.path("MaximumRetryAttempts").asInt()).isBetween(1, 10000);
        assertThat(p.path("MaximumRecordAgeInSeconds").asInt()).isBetween(60, 86400);
        assertThat(p.path("BatchSize").asInt()).isPositive();
        // only the item types the report reads reach the function (the filter's attribute is the table's type attribute)
        assertThat(p.at("/FilterCriteria/Filters/0/Pattern").asText())
                .isEqualTo("{\"dynamodb\":{\"NewImage\":{\"" + dev.unifiedcommerce.platform.table.Keys.TYPE + "\":{\"S\":[\"ORDER\",\"ORDER_REFUND\"]}}}}");
        assertThat(p.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText()).isEqualTo("ReportsStreamFailureQueue");
        JsonNode queue = TEMPLATE.at("/Resources/ReportsStreamFailureQueue/Properties");
        assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(TEMPLATE.at("/Resources/ReportsStreamFailureQueuePolicy/Properties/PolicyDocument").toString()).contains("aws:SecureTransport").contains("Deny");
        JsonNode depth = TEMPLATE.at("/Resources/ReportsStreamFailuresAlarm/Properties");
        assertThat(depth.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(depth.path("Threshold").asInt()).isEqualTo(1);
        assertThat(TEMPLATE.at("/Resources/ReportsStreamIteratorAgeAlarm/Properties/MetricName").asText()).isEqualTo("IteratorAge");
        // the stream function writes the report's items and reads orders and locations; it neither scans nor deletes
        JsonNode fn = TEMPLATE.at("/Resources/ReportsStreamFunction/Properties");
        assertThat(fn.path("CodeUri").asText()).isEqualTo(STREAM_ARTIFACT);
        String statements = fn.get("Policies").toString();
        assertThat(statements).contains("dynamodb:GetRecords").contains("StreamArn").contains("sqs:SendMessage")
                .doesNotContain("dynamodb:Scan").doesNotContain("dynamodb:DeleteItem").doesNotContain("dynamodb:Query");
        assertThat(TEMPLATE.at("/Resources/CommerceTable/Properties/StreamSpecification/StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(mapping.path("DependsOn").asText()).isEqualTo("ReportsStreamLogGroup");
        // what reports write, whether from the stream or a recount, is the report's own items: never an order or the ledger
        for (String f : List.of("ReportsStreamFunction", "ReportsFunction")) {
            for (JsonNode st : TEMPLATE.at("/Resources/" + f + "/Properties/Policies/0/Statement")) {
                String actions = st.get("Action").toString();
                if (actions.contains("dynamodb:PutItem") || actions.contains("dynamodb:UpdateItem") || actions.contains("dynamodb:BatchWriteItem")) {
                    assertThat(st.at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys").toString()).as(f)
                            .isEqualTo("[\"SALES#*\",\"SOLD#*\",\"REPORTED#*\",\"SALES_CURRENCIES\"]");
                }
            }
        }
        // and those patterns are where the report's items live (Keys is the one place of the key layout)
        var k = dev.unifiedcommerce.platform.table.Keys.class;
        for (String pk : List.of(dev.unifiedcommerce.platform.table.Keys.salesLine("jpy", "2026-12-01", "ginza", "WEB", "CARD").pk(),
                dev.unifiedcommerce.platform.table.Keys.skuSold("2026-12-01", "ginza", "TEE").pk(),
                dev.unifiedcommerce.platform.table.Keys.reported("SALE#o1").pk(),
                dev.unifiedcommerce.platform.table.Keys.salesCurrency("2026-12-01", "jpy", "ginza").pk())) {
            assertThat(pk).as(k.getSimpleName()).matches("SALES#.*|SOLD#.*|REPORTED#.*|SALES_CURRENCIES");
        }
    }

    /** Which AWS services each function's code talks to besides the table (DESIGN.md "Functions"). */
    static final Map<Function, java.util.Set<String>> USES = Map.of(
            Function.CHECKOUT, java.util.Set.of("dynamodb", "ssm", "kms", "sns", "ses"),
            Function.INVENTORY, java.util.Set.of("dynamodb", "ssm", "kms"),
            Function.WEBHOOKS, java.util.Set.of("dynamodb", "ssm", "kms"),
            Function.TERMINAL, java.util.Set.of("dynamodb", "ssm", "kms"),
            Function.SWEEPER, java.util.Set.of("dynamodb", "ssm", "kms"),
            Function.FOLLOWUPS, java.util.Set.of("dynamodb", "ssm", "kms", "sns"),
            Function.RECONCILER, java.util.Set.of("dynamodb", "ssm", "kms"),
            Function.REPORTS, java.util.Set.of("dynamodb"),
            Function.EXPORTER, java.util.Set.of("dynamodb", "s3"));

    @Test
    void everyFunctionsPolicyNamesOnlyWhatItUses() {
        int functions = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = TEMPLATE.get("Resources").fields(); it.hasNext(); ) {
            var resource = it.next();
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) continue;
            functions++;
            JsonNode props = resource.getValue().get("Properties");
            // the stream function is the second artifact (no HTTP routes, no COMMERCE_FUNCTION): the table, its stream, its failure queue
            boolean stream = STREAM_ARTIFACT.equals(props.path("CodeUri").asText());
            Function serving = stream ? null : Function.valueOf(props.at("/Environment/Variables/COMMERCE_FUNCTION").asText().toUpperCase());
            JsonNode env = props.at("/Environment/Variables");
            java.util.Set<String> services = new java.util.TreeSet<>();
            for (JsonNode policy : props.get("Policies")) {
                assertThat(policy.has("Statement")).as("%s: inline statements only, no managed policies", resource.getKey()).isTrue();
                for (JsonNode written : policy.get("Statement")) {
                    // a statement granted on a condition (Fn::If [condition, statement, AWS::NoValue]) is checked as the statement
                    JsonNode st = written.has("Fn::If") ? written.get("Fn::If").get(1) : written;
                    List<String> actions = new java.util.ArrayList<>();
                    if (st.get("Action").isArray()) st.get("Action").forEach(a -> actions.add(a.asText())); else actions.add(st.get("Action").asText());
                    actions.forEach(a -> assertThat(a).as("%s grants a wildcard action", resource.getKey()).doesNotContain("*"));
                    if (!"Allow".equals(st.get("Effect").asText())) continue;
                    actions.forEach(a -> services.add(a.substring(0, a.indexOf(':'))));
                    String resources = st.get("Resource").toString();
                    if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                        assertThat(resources).as("%s: DynamoDB on the table and its indexes only", resource.getKey())
                                .contains("CommerceTable").doesNotContain("\"*\"");
                    }
                    if (actions.contains("ssm:GetParameter")) {
                        st.get("Resource").forEach(r -> {
                            String param = r.get("Fn::Sub").asText().replaceAll(".*parameter\\$\\{([A-Za-z]+)}", "$1");
                            boolean named = false;
                            for (var e = env.fields(); e.hasNext(); ) named |= param.equals(e.next().getValue().path("Ref").asText());
                            assertThat(named).as("%s reads only the secrets its environment names (%s)", resource.getKey(), param).isTrue();
                        });
                    }
                    if (actions.contains("kms:Decrypt")) assertThat(st.toString()).as("kms only through SSM").contains("kms:ViaService");
                }
            }
            assertThat(services).as("services %s may call", resource.getKey())
                    .isEqualTo(new java.util.TreeSet<>(stream ? java.util.Set.of("dynamodb", "sqs") : USES.get(serving)));
        }
        assertThat(functions).isEqualTo(10);
    }

    @Test
    void onlyTheStripeWebhookRouteSkipsTheJwtAuthorizer() {
        List<String> open = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = TEMPLATE.get("Resources").fields(); it.hasNext(); ) {
            var resource = it.next();
            for (JsonNode event : resource.getValue().at("/Properties/Events")) {
                if ("NONE".equals(event.at("/Properties/Auth/Authorizer").asText())) open.add(event.at("/Properties/Path").asText());
            }
        }
        assertThat(open).containsExactly("/webhooks/stripe");
        assertThat(TEMPLATE.at("/Resources/HttpApi/Properties/Auth/DefaultAuthorizer").asText()).isEqualTo("CommerceJwt");
    }

    @Test
    void noSecretHasADefaultInTheTemplate() {
        String text;
        try {
            text = Files.readString(Path.of("template.yaml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(text).doesNotContainPattern("sk_(test|live)_[A-Za-z0-9]").doesNotContainPattern("whsec_[A-Za-z0-9]")
                .doesNotContain("STRIPE_SECRET_KEY:").doesNotContain("STRIPE_WEBHOOK_SECRETS:");
    }

    @Test
    void theSweeperScheduleSendsTheEventTheSweeperAccepts() throws IOException {
        assertScheduleSends("SweeperFunction", "infra/sweeper-event.json", Function.SWEEPER);
    }

    @Test
    void theFollowUpsScheduleSendsTheEventTheFollowUpsFunctionAccepts() throws IOException {
        assertScheduleSends("FollowUpsFunction", "infra/follow-ups-event.json", Function.FOLLOWUPS);
    }

    @Test
    void theExporterScheduleSendsTheEventTheExporterAccepts() throws IOException {
        JsonNode input = new ObjectMapper().readTree(TEMPLATE.at("/Resources/ExporterFunction/Properties/Events/EveryFifteenMinutes/Properties/Input").asText());
        assertThat(input).isEqualTo(new ObjectMapper().readTree(Files.readString(Path.of("infra/export-event.json"))));
        assertThat(Routes.ownerOf(input.get("rawPath").asText())).contains(Function.EXPORTER);
        assertThat(input.at("/requestContext/apiId").asText()).isEqualTo(dev.unifiedcommerce.export.http.ExportResource.SCHEDULE_API_ID);
    }

    @Test
    void theExporterMayOnlyExportTheTableIntoItsPrefixAndKeepItsCheckpoint() {
        Map<String, String> grants = new java.util.TreeMap<>();
        for (JsonNode st : TEMPLATE.at("/Resources/ExporterFunction/Properties/Policies/0/Statement")) {
            List<String> actions = new java.util.ArrayList<>();
            if (st.get("Action").isArray()) st.get("Action").forEach(a -> actions.add(a.asText())); else actions.add(st.get("Action").asText());
            actions.forEach(a -> grants.put(a, st.get("Resource").toString() + st.path("Condition")));
        }
        assertThat(grants.keySet()).containsExactlyInAnyOrder("dynamodb:ExportTableToPointInTime", "dynamodb:DescribeExport", "dynamodb:GetItem",
                "dynamodb:PutItem", "s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload");
        assertThat(grants.get("dynamodb:ExportTableToPointInTime")).contains("CommerceTable").doesNotContain("*");
        assertThat(grants.get("dynamodb:DescribeExport")).contains("${CommerceTable.Arn}/export/*");
        assertThat(grants.get("dynamodb:PutItem")).contains("dynamodb:LeadingKeys").contains(dev.unifiedcommerce.platform.table.Keys.exportCheckpoint().pk());
        for (String write : List.of("s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload")) {
            assertThat(grants.get(write)).as(write).contains("${ExportBucket.Arn}/exports/*");
        }
        JsonNode env = TEMPLATE.at("/Resources/ExporterFunction/Properties/Environment/Variables");
        assertThat(env.at("/COMMERCE_EXPORT_BUCKET/Ref").asText()).isEqualTo("ExportBucket");
        assertThat(env.path("COMMERCE_EXPORT_PREFIX").asText()).isEqualTo("exports");
        assertThat(TEMPLATE.at("/Resources/CommerceTable/Properties/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
    }

    @Test
    void theExportBucketIsPrivateEncryptedTlsOnlyAndReadByTheAnalyticsRoleAlone() {
        JsonNode bucket = TEMPLATE.at("/Resources/ExportBucket/Properties");
        JsonNode block = bucket.get("PublicAccessBlockConfiguration");
        for (String f : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) assertThat(block.path(f).asBoolean()).as(f).isTrue();
        assertThat(bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText()).isNotBlank();
        assertThat(bucket.at("/OwnershipControls/Rules/0/ObjectOwnership").asText()).isEqualTo("BucketOwnerEnforced");
        assertThat(bucket.at("/LifecycleConfiguration/Rules").toString()).contains("ExportRetentionDays").contains("AbortIncompleteMultipartUpload");
        String policy = TEMPLATE.at("/Resources/ExportBucketPolicy/Properties/PolicyDocument").toString();
        assertThat(policy).contains("aws:SecureTransport");
        JsonNode statements = TEMPLATE.at("/Resources/ExportBucketPolicy/Properties/PolicyDocument/Statement");
        boolean othersDenied = false;
        for (JsonNode st : statements) {
            if ("Allow".equals(st.path("Effect").asText())) {
                assertThat(st.at("/Principal/AWS/Fn::GetAtt/0").asText()).as("only the analytics role is allowed").isEqualTo("AnalyticsRole");
                assertThat(st.get("Action").toString()).doesNotContain("Put").doesNotContain("Delete");
            } else if (st.get("Action").toString().contains("s3:GetObject")) {
                // every object (exports and query results alike), by any version
                othersDenied = st.at("/Condition/ArnNotEquals/aws:PrincipalArn/Fn::GetAtt/0").asText().equals("AnalyticsRole")
                        && st.get("Action").toString().contains("s3:GetObjectVersion") && st.get("Resource").toString().contains("${ExportBucket.Arn}/*");
            }
        }
        assertThat(othersDenied).as("everyone but the analytics role is denied the exports").isTrue();
        String analytics = TEMPLATE.at("/Resources/AnalyticsRole/Properties/Policies/0/PolicyDocument").toString();
        assertThat(analytics).doesNotContain("dynamodb").contains("athena:StartQueryExecution").contains("AnalyticsWorkGroup");
        assertThat(TEMPLATE.at("/Resources/AnalyticsWorkGroup/Properties/WorkGroupConfiguration/EnforceWorkGroupConfiguration").asBoolean()).isTrue();
        assertThat(TEMPLATE.at("/Resources/ExportLagAlarm/Properties/TreatMissingData").asText()).isEqualTo("breaching");
    }

    @Test
    void theReconcilerScheduleSendsTheEventTheReconcilerAccepts() throws IOException {
        JsonNode input = new ObjectMapper().readTree(TEMPLATE.at("/Resources/ReconcilerFunction/Properties/Events/EveryFiveMinutes/Properties/Input").asText());
        assertThat(input).isEqualTo(new ObjectMapper().readTree(Files.readString(Path.of("infra/reconcile-event.json"))));
        assertThat(Routes.ownerOf(input.get("rawPath").asText())).contains(Function.RECONCILER);
    }

    @Test
    void theReconcilerReadsStripeWithTheReadOnlyKeyOnly() {
        JsonNode env = TEMPLATE.at("/Resources/ReconcilerFunction/Properties/Environment/Variables");
        assertThat(env.at("/COMMERCE_STRIPE_SECRET_KEY_PARAMETER/Ref").asText()).isEqualTo("StripeReadOnlyKeyParameter");
        assertThat(env.path("COMMERCE_STRIPE_READ_ONLY").asText()).isEqualTo("true");
        assertThat(TEMPLATE.at("/Resources/ReconcilerFunction/Properties/Policies").toString()).doesNotContain("StripeSecretKeyParameter");
        assertThat(TEMPLATE.at("/Resources/PaymentDriftAlarm/Properties/Dimensions").toString()).contains("DRIFT");
    }

    @Test
    void alarmsReachSomeoneThroughAKeyCloudWatchMayUse() {
        assertThat(TEMPLATE.at("/Resources/AlarmTopic/Properties/KmsMasterKeyId/Ref").asText()).isEqualTo("AlarmTopicKey");
        String policy = TEMPLATE.at("/Resources/AlarmTopicKey/Properties/KeyPolicy").toString();
        assertThat(policy).contains("cloudwatch.amazonaws.com").contains("kms:GenerateDataKey*").contains("kms:Decrypt");
    }

    @Test
    void tableThrottlingIsWatchedThroughTheMetricsDynamoDbPublishes() {
        String alarm = TEMPLATE.at("/Resources/TableThrottlingAlarm/Properties").toString();
        assertThat(alarm).contains("ReadThrottleEvents").contains("WriteThrottleEvents").contains("GlobalSecondaryIndexName")
                .doesNotContain("ThrottledRequests");
    }

    @Test
    void everyFunctionHasErrorThrottleAndNearTimeoutAlarms() {
        for (Iterator<Map.Entry<String, JsonNode>> it = TEMPLATE.get("Resources").fields(); it.hasNext(); ) {
            var resource = it.next();
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) continue;
            String f = resource.getKey().replace("Function", "");
            int timeout = resource.getValue().at("/Properties/Timeout").asInt(TEMPLATE.at("/Globals/Function/Timeout").asInt());
            assertThat(TEMPLATE.at("/Resources/" + f + "LambdaErrorsAlarm/Properties/MetricName").asText()).as(f).isEqualTo("Errors");
            assertThat(TEMPLATE.at("/Resources/" + f + "LambdaThrottlesAlarm/Properties/MetricName").asText()).as(f).isEqualTo("Throttles");
            assertThat(TEMPLATE.at("/Resources/" + f + "LambdaNearTimeoutAlarm/Properties/Threshold").asDouble()).as(f)
                    .isLessThan(timeout * 1000.0).isGreaterThan(timeout * 500.0);
            assertThat(resource.getValue().at("/Properties/ReservedConcurrentExecutions").isInt()).as("%s reserved concurrency is a parameter", f).isFalse();
            // the app's time budget is the function's timeout (Stripe calls shorten themselves to fit it)
            String budget = resource.getValue().at("/Properties/Environment/Variables/COMMERCE_BUDGET_FUNCTION_TIMEOUT").asText("PT15S");
            assertThat(java.time.Duration.parse(budget).toSeconds()).as("%s budget", f).isEqualTo(timeout);
        }
        assertThat(TEMPLATE.at("/Resources/Api5xxAlarm/Properties/MetricName").asText()).isEqualTo("5xx");
        assertThat(TEMPLATE.at("/Resources/Dashboard/Properties/DashboardBody").toString()).contains("Checkouts").contains("WebhookEvents")
                .contains("FollowUpsOwed").contains("Errors");
    }

    @Test
    void theApiThrottlesAsAWholeAndLogsNoQueryStringsOrTokens() {
        JsonNode api = TEMPLATE.at("/Resources/HttpApi/Properties");
        assertThat(api.at("/DefaultRouteSettings/ThrottlingBurstLimit/Ref").asText()).isEqualTo("ApiThrottleBurst");
        assertThat(api.at("/DefaultRouteSettings/ThrottlingRateLimit/Ref").asText()).isEqualTo("ApiThrottleRate");
        String format = api.at("/AccessLogSettings/Format").asText();
        assertThat(format).contains("$context.routeKey").contains("$context.status")
                .doesNotContain("path").doesNotContain("querystring").doesNotContain("authorizer").doesNotContain("header").doesNotContain("sourceIp");
    }

    @Test
    void peopleSignInWithMfaAndChannelsWithClientCredentials() {
        JsonNode pool = TEMPLATE.at("/Resources/UserPool");
        assertThat(pool.at("/Properties/MfaConfiguration").asText()).isEqualTo("ON");
        assertThat(pool.at("/Properties/DeletionProtection").asText()).isEqualTo("ACTIVE");
        assertThat(pool.at("/DeletionPolicy").asText()).isEqualTo("Retain");
        JsonNode channel = TEMPLATE.at("/Resources/ChannelClient/Properties");
        assertThat(channel.at("/AllowedOAuthFlows").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(channel.at("/AllowedOAuthScopes").toString()).contains("unified-commerce/channel");
        assertThat(channel.at("/GenerateSecret").asBoolean()).isTrue();
        // the authorizer and the app's own check read one list each: a channel added by parameter works in both
        JsonNode audiences = TEMPLATE.at("/Resources/HttpApi/Properties/Auth/Authorizers/CommerceJwt/JwtConfiguration/audience/Fn::Split/1/Fn::Join/1");
        JsonNode env = TEMPLATE.at("/Globals/Function/Environment/Variables");
        JsonNode people = env.at("/COMMERCE_ID_TOKEN_AUDIENCES/Fn::Join/1");
        assertThat(audiences.get(0)).isEqualTo(people.get(0));
        assertThat(people.get(0).path("Fn::If").toString()).contains("UserPoolClient").contains("PeopleClientIds");
        // the store console's ID tokens are people's too, whatever PeopleClientIds says
        assertThat(audiences.get(1)).isEqualTo(people.get(1));
        assertThat(people.get(1).path("Ref").asText()).isEqualTo("ConsoleClient");
        assertThat(audiences.get(2)).isEqualTo(env.get("COMMERCE_CHANNEL_CLIENT_IDS"));
        assertThat(env.at("/COMMERCE_CHANNEL_CLIENT_IDS/Fn::If").toString()).contains("ChannelClient").contains("ChannelClientIds");
    }

    @Test
    void overdueFollowUpsAndPaymentMismatchesRaiseAlarms() {
        assertThat(TEMPLATE.at("/Resources/FollowUpsOverdueAlarm/Properties/MetricName").asText()).isEqualTo("FollowUpsOldestMinutes");
        assertThat(TEMPLATE.at("/Resources/FollowUpsOverdueAlarm/Properties/AlarmActions/0/Ref").asText()).isEqualTo("AlarmTopic");
        assertThat(TEMPLATE.at("/Resources/PaymentMismatchAlarm/Properties/MetricName").asText()).isEqualTo("PaymentIssues");
    }

    private static void assertScheduleSends(String function, String eventFile, Function owner) throws IOException {
        JsonNode input = new ObjectMapper().readTree(TEMPLATE.at("/Resources/" + function + "/Properties/Events/EveryMinute/Properties/Input").asText());
        JsonNode accepted = new ObjectMapper().readTree(Files.readString(Path.of(eventFile)));
        assertThat(input).isEqualTo(accepted);
        assertThat(Routes.ownerOf(input.get("rawPath").asText())).contains(owner);
    }

    private static JsonNode findIndex(String name) {
        for (JsonNode ix : table().get("GlobalSecondaryIndexes")) if (ix.get("IndexName").asText().equals(name)) return ix;
        throw new AssertionError("no index " + name);
    }

    private static Map<String, String> keySchema(JsonNode schema) {
        Map<String, String> keys = new HashMap<>();
        schema.forEach(k -> keys.put(k.get("KeyType").asText(), k.get("AttributeName").asText()));
        return keys;
    }

    private static DynamoDbClient startLocal() {
        DynamoDbLocal.start(0);
        return DynamoDbLocal.client();
    }
}
