# Sourced by scripts/bench-coldstart and scripts/bench-packaged: the deployable target/function.zip and two bare Quarkus
# lambda-http apps to compare it with, each run as Lambda runs it: AWS's runtime interface client (RIC) polling the
# Runtime API of Quarkus's Lambda HTTP event server, in a fresh JVM (C1 only, as Lambda's Java runtime starts it).
RIC_VERSION=2.9.0

# target/packaged: function.zip unpacked; target/ric: the RIC with what it needs itself (utils-lite), so a bare app
# without the AWS SDK runs it the same way as ours.
prepare_packaged() {
  ./mvnw -q -B package -DskipTests
  ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/local-classpath.txt -Dmdep.includeScope=test
  rm -rf target/ric
  ./mvnw -q -B dependency:copy -Dartifact=com.amazonaws:aws-lambda-java-runtime-interface-client:$RIC_VERSION -DoutputDirectory=target/ric
  ./mvnw -q -B dependency:copy -Dartifact=com.amazonaws:aws-lambda-java-serialization:1.2.0 -DoutputDirectory=target/ric
  ./mvnw -q -B dependency:copy -Dartifact=software.amazon.awssdk:utils-lite:2.42.28 -DoutputDirectory=target/ric
  rm -rf target/packaged && mkdir -p target/packaged && (cd target/packaged && "$JAVA_HOME/bin/jar" xf ../function.zip)
}

# build_bare NAME: target/packaged-NAME from a generated project. "bare": quarkus-rest + lambda-http, GET /locations
# answers {}. "bare-dynamodb": the same plus the Quarkiverse DynamoDB extension, POST /raw answers after one PutItem.
build_bare() {
  local name=$1 dir=target/coldstart-$1 deps="" java
  mkdir -p "$dir/src/main/java/bare" "$dir/src/main/resources"
  sed -n '/<dependencyManagement>/,/<\/dependencyManagement>/p' pom.xml \
    | sed 's/\${awssdk.version}/2.42.28/; s/\${quarkus.platform.version}/3.34.1/g; s/\${quarkus.amazon-services.version}/3.16.0/' > target/bom.xml
  if [ "$name" = bare-dynamodb ]; then
    deps='<dependency><groupId>io.quarkiverse.amazonservices</groupId><artifactId>quarkus-amazon-dynamodb</artifactId>
<exclusions><exclusion><groupId>software.amazon.awssdk</groupId><artifactId>apache-client</artifactId></exclusion>
<exclusion><groupId>software.amazon.awssdk</groupId><artifactId>netty-nio-client</artifactId></exclusion></exclusions></dependency>
<dependency><groupId>software.amazon.awssdk</groupId><artifactId>url-connection-client</artifactId></dependency>'
    printf 'quarkus.dynamodb.sync-client.type=url\n' > "$dir/src/main/resources/application.properties"
    cat > "$dir/src/main/java/bare/Raw.java" <<'JAVA'
package bare;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
@jakarta.ws.rs.Path("/raw")
public class Raw {
    final DynamoDbClient db;
    public Raw(DynamoDbClient db) { this.db = db; }
    @jakarta.ws.rs.POST public String put(String body) {
        String id = java.util.UUID.randomUUID().toString();
        db.putItem(b -> b.tableName("commerce").item(Map.of("PK", AttributeValue.fromS("RAW#" + id), "SK", AttributeValue.fromS("RAW"),
                "body", AttributeValue.fromS(body == null ? "" : body))));
        return "{\"id\":\"" + id + "\"}";
    }
}
JAVA
  else
    : > "$dir/src/main/resources/application.properties"
    printf '%s\n' 'package bare;' '@jakarta.ws.rs.Path("/locations")' \
      'public class Hello { @jakarta.ws.rs.GET public String get() { return "{}"; } }' > "$dir/src/main/java/bare/Hello.java"
  fi
  cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bare</groupId><artifactId>$name</artifactId><version>1</version>
<properties><maven.compiler.release>21</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
$(cat target/bom.xml)
<dependencies><dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest</artifactId></dependency>
<dependency><groupId>io.quarkus</groupId><artifactId>quarkus-amazon-lambda-http</artifactId></dependency>$deps</dependencies>
<build><plugins><plugin><groupId>io.quarkus.platform</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.34.1</version>
<extensions>true</extensions><executions><execution><goals><goal>build</goal></goals></execution></executions></plugin>
<plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin></plugins></build></project>
POM
  (cd "$dir" && ../../mvnw -q -B -f pom.xml package -DskipTests)
  rm -rf "target/packaged-$name" && mkdir -p "target/packaged-$name" && (cd "target/packaged-$name" && "$JAVA_HOME/bin/jar" xf "../coldstart-$name/target/function.zip")
}

# start_event_server PORT LOG: Quarkus's Lambda HTTP event server (API Gateway v2 events, the Runtime API under /_lambda_)
start_event_server() {
  "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/local-classpath.txt)" dev.unifiedcommerce.local.LocalEventServer "$1" > "$2" 2>&1 &
  echo $!
}

# run_under_ric DIR PORT LOG: the function in DIR as Lambda runs it, polling the event server on PORT; env is passed on.
# --add-opens: Quarkus's thread-local reset needs it on Java 24+ (Lambda's java21 runtime does not).
run_under_ric() {
  local dir=$1 port=$2 log=$3
  AWS_LAMBDA_RUNTIME_API="127.0.0.1:$port/_lambda_" _HANDLER=io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest \
  LAMBDA_TASK_ROOT="$PWD/$dir" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
    "$JAVA_HOME/bin/java" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
    -cp "$dir:$dir/lib/*:target/ric/*" \
    com.amazonaws.services.lambda.runtime.api.client.AWSLambda io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest > "$log" 2>&1 &
  echo $!
}

# The local-only settings our function needs (DynamoDB Local, the dev key for tokens, no EMF): what local-up gives it.
app_env() {
  export COMMERCE_FUNCTION=all COMMERCE_TABLE=commerce QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE="http://127.0.0.1:$1" \
    COMMERCE_JWKS_URL="file:$PWD/src/test/resources/dev-keys/public.pem" COMMERCE_JWT_ISSUER=https://dev.unified-commerce.local \
    COMMERCE_ID_TOKEN_AUDIENCES=dev-console COMMERCE_CHANNEL_CLIENT_IDS=dev-channel COMMERCE_METRICS_EMF=false \
    COMMERCE_NOTIFY_MODE=outbox COMMERCE_CURSOR_KEY=0123456789abcdef0123456789abcdef
}
