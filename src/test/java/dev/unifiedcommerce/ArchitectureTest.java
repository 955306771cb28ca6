package dev.unifiedcommerce;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of docs/architecture.md, read from the main sources so a change that breaks them fails here rather than in
 * a review: a capability's domain sees no AWS SDK, no stripe-java, no table layer and no HTTP problem, never another capability's
 * adapters, and no package grows past a fifth of the code.
 */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/unifiedcommerce");
    /** Where a capability keeps its adapters; everything else in it is its domain. */
    static final Set<String> ADAPTERS = Set.of("http", "dynamo", "stripe", "delivery", "lambda");
    static final Pattern OUTSIDE_PARTS = Pattern.compile("\\b(software\\.amazon\\.awssdk|com\\.stripe|dev\\.unifiedcommerce\\.platform\\.(table|stripe|errors\\.http))\\.");
    static final Pattern REFERENCE = Pattern.compile("\\bdev\\.unifiedcommerce\\.(\\w+)\\.(\\w+)\\b");
    /** A type named by its package in code, where an import would do. */
    static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(?:dev\\.unifiedcommerce|java|javax|jakarta|software\\.amazon|com\\.stripe|com\\.fasterxml|io|org)(?:\\.[a-z]\\w*)+\\.[A-Z]\\w*");

    record Source(Path path, String capability, boolean domain, String code) {
        int lines() { return (int) code.lines().count(); }
    }

    static List<Source> sources;

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(ArchitectureTest::source).toList();
        }
        assertThat(sources).as("the main sources, read from the project directory").hasSizeGreaterThan(100);
    }

    static Source source(Path p) {
        Path rel = MAIN.relativize(p);
        String capability = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
        boolean adapter = rel.getNameCount() > 2 && ADAPTERS.contains(rel.getName(1).toString());
        try {
            return new Source(rel, capability, !capability.equals("platform") && !capability.isEmpty() && !adapter, Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The code without its comments (a javadoc may name what the code may not use). */
    static String code(Source s) { return s.code().replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", ""); }

    @Test
    void noDomainFileUsesTheAwsSdkStripeJavaOrTheTableLayer() {
        List<String> offending = sources.stream().filter(Source::domain)
                .flatMap(s -> OUTSIDE_PARTS.matcher(code(s)).results().map(m -> s.path() + ": " + m.group()))
                .toList();
        assertThat(offending).isEmpty();
    }

    @Test
    void noDomainFileReachesIntoAnotherCapabilitysAdapters() {
        List<String> offending = sources.stream().filter(Source::domain).flatMap(s -> {
            Matcher m = REFERENCE.matcher(code(s));
            return m.results().filter(r -> !r.group(1).equals(s.capability()) && ADAPTERS.contains(r.group(2)))
                    .map(r -> s.path() + ": " + r.group());
        }).toList();
        assertThat(offending).isEmpty();
    }

    @Test
    void typesAreImportedAndTheFewQualifiedNamesSayWhy() {
        List<String> qualified = new ArrayList<>(), unexplained = new ArrayList<>();
        for (Source s : sources) {
            List<String> lines = s.code().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("import ") || line.startsWith("package ") || line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) continue;
                String code = line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("//.*", "");
                Matcher m = QUALIFIED.matcher(code);
                while (m.find()) {
                    String at = s.path() + ":" + (i + 1) + " " + m.group();
                    qualified.add(at);
                    // the reason sits on the line or just above it: "qualified: <the clash>"
                    if (!lines.get(i).contains("qualified:") && (i == 0 || !lines.get(i - 1).contains("qualified:"))) unexplained.add(at);
                }
            }
        }
        assertThat(unexplained).as("say why with a 'qualified: ...' comment, or import it").isEmpty();
        assertThat(qualified).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void noPackageHoldsMoreThanAFifthOfTheCode() {
        long total = sources.stream().mapToLong(Source::lines).sum();
        Map<String, Long> lines = sources.stream().filter(s -> !s.capability().isEmpty())
                .collect(Collectors.groupingBy(Source::capability, TreeMap::new, Collectors.summingLong(Source::lines)));
        assertThat(lines).allSatisfy((pkg, n) -> assertThat(n * 5).as(pkg + ": " + n + " of " + total + " lines").isLessThanOrEqualTo(total));
    }
}
