package dev.unifiedcommerce.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/deploy builds ONE --parameter-overrides (SAM keeps only the last one it is given), so an override of yours
 * never drops BuildFlavour, which must follow the artifact.
 */
class DeployScriptTest {
    record Run(int exit, List<String> lines, String err) {}

    static Run deploy(String flavour, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/deploy", "--print-args"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DEPLOY_FLAVOUR", flavour);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out.lines().toList(), err);
    }

    static List<String> overrides(Run r) {
        int i = r.lines().indexOf("--parameter-overrides");
        List<String> out = new ArrayList<>();
        for (String l : r.lines().subList(i + 1, r.lines().size())) {
            if (l.startsWith("--")) break;
            out.add(l);
        }
        return out;
    }

    @Test
    void yourOverridesJoinBuildFlavourInOneList() throws Exception {
        Run r = deploy("native", "--parameter-overrides", "AlarmEmail=ops@example.com", "--no-confirm-changeset");
        assertThat(r.exit()).isZero();
        assertThat(r.lines().stream().filter("--parameter-overrides"::equals)).hasSize(1);
        assertThat(overrides(r)).containsExactly("BuildFlavour=native", "AlarmEmail=ops@example.com");
        assertThat(r.lines()).contains("--no-confirm-changeset");
    }

    @Test
    void severalOverridesInOneWordOrManyAndTheLastValueOfAKeyWins() throws Exception {
        Run r = deploy("jvm", "--parameter-overrides", "AlarmEmail=a@example.com ApiThrottleRate=200", "AlarmEmail=b@example.com");
        assertThat(overrides(r)).containsExactly("BuildFlavour=jvm", "AlarmEmail=b@example.com", "ApiThrottleRate=200");
    }

    @Test
    void cloudFormationsParameterKeyFormIsReadAsTheSameOverride() throws Exception {
        Run r = deploy("native", "--parameter-overrides", "ParameterKey=AlarmEmail,ParameterValue=ops@example.com", "AlarmEmail=b@example.com");
        assertThat(overrides(r)).containsExactly("BuildFlavour=native", "AlarmEmail=b@example.com");
    }

    @Test
    void theChosenSamconfigEnvironmentsOverridesComeFirstAndYoursReplaceThemKeyByKey() throws Exception {
        java.nio.file.Path config = java.nio.file.Files.createTempFile("samconfig", ".toml");
        java.nio.file.Files.writeString(config, """
                version = 0.1
                [default.deploy.parameters]
                parameter_overrides = "AlarmEmail=dev@example.com"
                [prod.deploy.parameters]
                stack_name = "unified-commerce-prod"
                parameter_overrides = "AlarmEmail=prod@example.com ApiThrottleRate=500"
                """);
        Run r = deploy("native", "--config-file", config.toString(), "--config-env", "prod", "--parameter-overrides", "ApiThrottleRate=900");
        assertThat(overrides(r)).containsExactly("BuildFlavour=native", "AlarmEmail=prod@example.com", "ApiThrottleRate=900");
        assertThat(r.lines()).containsSequence("--config-env", "prod");
        Run dev = deploy("native", "--config-file", config.toString());
        assertThat(overrides(dev)).containsExactly("BuildFlavour=native", "AlarmEmail=dev@example.com");
    }

    @Test
    void overridesWrittenBySamDeployGuidedAreReadWithoutTheirQuotesAndAListIsRefused() throws Exception {
        java.nio.file.Path config = java.nio.file.Files.createTempFile("samconfig", ".toml");
        java.nio.file.Files.writeString(config, """
                [default.deploy.parameters]
                parameter_overrides = "AlarmEmail=\\"ops@example.com\\" LogRetentionDays=\\"90\\""
                """);
        assertThat(overrides(deploy("native", "--config-file", config.toString())))
                .containsExactly("BuildFlavour=native", "AlarmEmail=ops@example.com", "LogRetentionDays=90");
        java.nio.file.Files.writeString(config, """
                [default.deploy.parameters]
                parameter_overrides = ["AlarmEmail=ops@example.com"]
                """);
        Run listed = deploy("native", "--config-file", config.toString());
        assertThat(listed.exit()).isEqualTo(2);
        assertThat(listed.err()).contains("not a list");
    }

    @Test
    void aBuildFlavourThatContradictsTheArtifactIsRefused() throws Exception {
        Run r = deploy("jvm", "--parameter-overrides", "BuildFlavour=native");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does not match the artifact");
    }

    @Test
    void theStoreConsoleIsPublishedWithAwssConfigAndCloudFrontForgetsTheOldFiles() throws Exception {
        java.nio.file.Path bin = java.nio.file.Files.createTempDirectory("fake-aws"), calls = bin.resolve("calls"), published = bin.resolve("published");
        // the AWS CLI as the script uses it: the stack's outputs, an S3 sync (its files kept to look at), an invalidation
        java.nio.file.Files.writeString(bin.resolve("aws"), """
                #!/usr/bin/env bash
                echo "$*" >> "%1$s"
                case "$1 $2" in
                  "cloudformation describe-stacks")
                    case "$*" in
                      *ConsoleBucketName*) echo console-bucket-1 ;; *ConsoleDistributionId*) echo E2DIST ;;
                      *ConsoleUrl*) echo https://d111.cloudfront.net/console/ ;; *ConsoleClientId*) echo client-abc ;;
                      *SignInDomain*) echo https://shop-123.auth.ap-northeast-1.amazoncognito.com ;;
                    esac ;;
                  "s3 sync") mkdir -p "%2$s" && cp -R "$3". "%2$s/" ;;
                  "cloudfront create-invalidation") echo I1 ;;
                esac
                """.formatted(calls, published));
        bin.resolve("aws").toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/deploy", "--console-only", "--region", "ap-northeast-1");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("store console: https://d111.cloudfront.net/console/");
        List<String> made = java.nio.file.Files.readAllLines(calls);
        assertThat(made).anyMatch(c -> c.startsWith("cloudformation describe-stacks --stack-name unified-commerce --region ap-northeast-1"));
        assertThat(made).anyMatch(c -> c.matches("s3 sync \\S+/ s3://console-bucket-1/console/ --delete --cache-control no-cache --region ap-northeast-1"));
        assertThat(made).contains("cloudfront create-invalidation --distribution-id E2DIST --paths /console/* --output text --query Invalidation.Id");
        assertThat(made.indexOf(made.stream().filter(c -> c.startsWith("s3 sync")).findFirst().orElseThrow()))
                .as("files first, then the invalidation").isLessThan(made.indexOf(made.stream().filter(c -> c.startsWith("cloudfront")).findFirst().orElseThrow()));
        // every file of the console, and AWS's settings in place of the local ones
        assertThat(published.resolve("index.html")).exists();
        assertThat(published.resolve("screens/till.js")).exists();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(published.resolve("config.json").toFile()).toString())
                .isEqualTo("{\"api\":\"/api\",\"signIn\":\"cognito\",\"cognito\":{\"domain\":\"https://shop-123.auth.ap-northeast-1.amazoncognito.com\","
                        + "\"clientId\":\"client-abc\",\"region\":\"ap-northeast-1\"}}");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("src/console/config.json"))).contains("development");
    }
}
