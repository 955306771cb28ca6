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
}
