package dev.unifiedcommerce.reports;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The second artifact is built from the same sources with the same versions as the application. */
class ReportsStreamBuildTest {
    @Test
    void theStreamArtifactUsesTheApplicationsVersions() throws Exception {
        Document app = read("pom.xml"), stream = read("src/reports-stream/pom.xml");
        for (String version : List.of("quarkus.platform.version", "quarkus.amazon-services.version", "awssdk.version", "compiler-plugin.version",
                "maven.compiler.release")) {
            assertThat(property(stream, version)).as(version).isNotBlank().isEqualTo(property(app, version));
        }
    }

    @Test
    void theStreamArtifactCompilesTheApplicationsOwnSourcesNotCopies() throws Exception {
        Document stream = read("src/reports-stream/pom.xml");
        assertThat(property(stream, "main.sources")).isEqualTo("${project.basedir}/../main/java");
        // what it runs is the application's SalesStream: no class of the main tree is copied beside it
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/reports-stream/java"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".java")).map(p -> p.getFileName().toString()).toList())
                    .containsExactly("SalesStreamFunction.java");
        }
    }

    private static Document read(String path) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(path));
    }

    private static String property(Document pom, String name) {
        var nodes = pom.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
