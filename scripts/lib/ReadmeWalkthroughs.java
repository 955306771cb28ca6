import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the README's walk-throughs against the local stack, so the text cannot drift from the product.
 *
 * Every fenced block whose info string is {@code walkthrough} is run, in order, in one bash session (variables such as
 * {@code $STAFF} or {@code $READER} carry from block to block, as they do for a reader pasting them). A block holds
 * commands ({@code curl}, {@code scripts/...}, {@code cat}, {@code NAME=$(...)}) and, between them, the answers the
 * reader should see. What the text elides with "…" is filled in as a reader would: an id such as {@code ord_…} is the
 * one the walk-through last created, {@code …T11:00+09:00} is tomorrow in Tokyo, {@code 483920} is the code that just
 * arrived in the outbox, {@code P-7KQ2M9XW4H} the personal code just issued.
 *
 * Checked: a status written before an answer ({@code 201 {...}}) or as a comment ({@code # 403}) is the status curl
 * got; every {@code "key":value} the answer shows (with "…" matching anything inside a string) is in what came back;
 * a line of plain text is in the output, "…" matching anything; a command with no answer shown must not fail (no
 * status 400 or above, exit status 0). {@code (both)} after an answer applies it to the two commands before it.
 */
public class ReadmeWalkthroughs {
    static final Pattern COMMAND = Pattern.compile("^(curl |scripts/|cat |[A-Z_]+=\\$\\()");
    static final Pattern STATUS_FIRST = Pattern.compile("^(\\d{3})\\s+(.*)$", Pattern.DOTALL);
    static final Pattern STATUS_COMMENT = Pattern.compile("#\\s*(\\d{3})\\b");
    static final Pattern PAIR = Pattern.compile("\"([A-Za-z_][\\w.]*)\":(\"[^\"]*\"|-?\\d+(?:\\.\\d+)?|true|false|null)");
    static final Pattern ID = Pattern.compile("\\b(res|ord|ver|sbn|vis|cus|rdr|rfd|seti|pi|cs_test)_[A-Za-z0-9]+");
    static final Pattern ELIDED_ID = Pattern.compile("\\b(res|ord|ver|sbn|vis|cus|rdr|rfd|seti|pi|cs_test)_…");
    static final Pattern PERSONAL_CODE = Pattern.compile("\"code\":\"(P-[A-Z0-9]+)\"");
    static final String SAMPLE_CODE = "P-7KQ2M9XW4H";
    static final String SAMPLE_VERIFICATION = "483920";

    record Command(String section, int line, String text) {}

    record Answer(int line, Integer status, String text) {}

    record Step(Command command, List<Answer> answers) {}

    record Ran(int exit, String out, List<Integer> statuses) {}

    public static void main(String[] args) throws Exception {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        List<Step> steps = parse(Files.readAllLines(readme));
        if (steps.isEmpty()) throw new IllegalStateException("no ```walkthrough blocks in " + readme);
        Path work = Files.createTempDirectory("walkthrough");
        var session = new ProcessBuilder("bash", "--norc", "--noprofile").redirectErrorStream(true)
                .redirectOutput(work.resolve("session.log").toFile()).start();
        var shell = session.outputWriter(StandardCharsets.UTF_8);
        // curl's status goes to its own file, so $(curl ... | sed ...) still captures only the body
        // a pipeline fails when any part does: READER=$(curl ... | sed ...) must not pass with curl refused
        shell.write("set -o pipefail\n");
        shell.write("curl() { command curl -w '%{stderr}@@STATUS %{http_code}\\n' \"$@\"; }\n");
        shell.flush();
        Map<String, String> lastId = new HashMap<>();
        String personalCode = null;
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Step step : steps) {
            n++;
            String text = fill(step.command().text(), lastId, personalCode);
            Ran ran = run(shell, work, n, text);
            String where = "README.md:" + step.command().line() + " (" + step.command().section() + ")";
            System.out.printf("%-60s %s%n", where, ran.statuses().isEmpty() ? "exit " + ran.exit() : ran.statuses());
            if (text.contains("-X POST") || text.contains("-X PUT") || text.startsWith("scripts/")) {
                Map<String, String> seen = new HashMap<>();
                Matcher m = ID.matcher(ran.out());
                while (m.find()) seen.putIfAbsent(m.group(1), m.group());
                lastId.putAll(seen);
            }
            Matcher code = PERSONAL_CODE.matcher(ran.out());
            if (code.find()) personalCode = code.group(1);
            failures.addAll(check(where, step, ran, personalCode));
        }
        shell.write("exit\n");
        shell.close();
        session.waitFor(10, TimeUnit.SECONDS);
        if (!failures.isEmpty()) {
            System.out.println();
            failures.forEach(f -> System.out.println("FAIL " + f));
            System.out.println(failures.size() + " of the README's walk-through checks failed (" + steps.size() + " commands run; each one's output in " + work + ")");
            System.exit(1);
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.out.println("the README's walk-throughs ran: " + steps.size() + " commands, every answer shown was given");
    }

    /** The walk-through blocks, as commands each followed by the answers shown after it. */
    static List<Step> parse(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        String section = "";
        boolean inBlock = false;
        StringBuilder command = null, answer = null;
        int commandLine = 0, answerLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!inBlock && line.startsWith("#")) section = line.replaceFirst("^#+\\s*", "");
            if (line.strip().startsWith("```")) {
                if (!inBlock) {
                    inBlock = line.strip().equals("```walkthrough");
                    continue;
                }
                if (command != null) throw new IllegalStateException("README.md:" + commandLine + ": the command never ends (a quote left open?)");
                if (answer != null) addAnswer(steps, answerLine, answer.toString());
                answer = null;
                inBlock = false;
                continue;
            }
            if (!inBlock) continue;
            if (command != null) { // a command goes on while a quote is open or the line ends in a backslash
                command.append('\n').append(line);
                if (complete(command.toString())) {
                    steps.add(new Step(new Command(section, commandLine, command.toString()), new ArrayList<>()));
                    command = null;
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) continue;
            if (COMMAND.matcher(line).find()) {
                if (answer != null) addAnswer(steps, answerLine, answer.toString());
                answer = null;
                commandLine = i + 1;
                if (complete(line)) steps.add(new Step(new Command(section, commandLine, line), new ArrayList<>()));
                else command = new StringBuilder(line);
            } else if (answer == null) {
                answer = new StringBuilder(line);
                answerLine = i + 1;
            } else {
                answer.append('\n').append(line);
            }
        }
        return steps;
    }

    static void addAnswer(List<Step> steps, int line, String text) {
        if (steps.isEmpty()) throw new IllegalStateException("README.md:" + line + ": an answer with no command before it");
        boolean both = text.strip().endsWith("(both)");
        if (both) text = text.strip().replaceFirst("\\(both\\)$", "").strip();
        Matcher m = STATUS_FIRST.matcher(text.strip());
        Answer a = m.matches() ? new Answer(line, Integer.parseInt(m.group(1)), m.group(2)) : new Answer(line, null, text);
        steps.getLast().answers().add(a);
        if (both && steps.size() > 1) steps.get(steps.size() - 2).answers().add(a);
    }

    /** Whether the shell would run this as it stands: no quote left open, no line continued. */
    static boolean complete(String text) {
        return scan(text, new ArrayList<>()) && !code(text).stripTrailing().endsWith("\\");
    }

    /** The command without its comments. */
    static String code(String text) {
        return text.lines().map(l -> { List<String> c = new ArrayList<>(); scan(l, c); return c.isEmpty() ? l : l.substring(0, l.lastIndexOf(c.getLast())); })
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** Reads {@code text} as bash quotes it: the comments go to {@code comments}; true when no quote is left open. */
    static boolean scan(String text, List<String> comments) {
        boolean single = false, dbl = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && !single) { i++; continue; }
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                int end = text.indexOf('\n', i);
                comments.add(text.substring(i, end < 0 ? text.length() : end));
                i = end < 0 ? text.length() : end;
            }
        }
        return !single && !dbl;
    }

    /** The command as a reader would type it: the elided ids and codes filled in from what came before. */
    static String fill(String text, Map<String, String> lastId, String personalCode) throws IOException {
        Matcher m = ELIDED_ID.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String id = lastId.get(m.group(1));
            if (id == null) throw new IllegalStateException("no " + m.group() + " was created before: " + text);
            m.appendReplacement(sb, Matcher.quoteReplacement(id));
        }
        m.appendTail(sb);
        String filled = sb.toString();
        String tomorrow = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1).toString();
        filled = filled.replace("\"…T", "\"" + tomorrow + "T").replace("\\\"…T", "\\\"" + tomorrow + "T");
        if (personalCode != null) {
            filled = filled.replace(SAMPLE_CODE, personalCode).replace(SAMPLE_CODE.toLowerCase(), personalCode.toLowerCase());
        }
        if (filled.contains(SAMPLE_VERIFICATION)) filled = filled.replace(SAMPLE_VERIFICATION, latestCode());
        return filled;
    }

    /** The newest verification code in the local stack's outbox (SMS or e-mail). */
    static String latestCode() throws IOException {
        Path outbox = Path.of("target/outbox");
        try (Stream<Path> files = Files.walk(outbox)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json"))
                    .sorted(Comparator.comparingLong((Path p) -> p.toFile().lastModified()).reversed()).toList()) {
                Matcher code = Pattern.compile("\\b(\\d{6}) is your verification code").matcher(Files.readString(f));
                if (code.find()) return code.group(1);
            }
        }
        throw new IllegalStateException("no verification code in " + outbox);
    }

    static Ran run(Writer shell, Path work, int n, String text) throws Exception {
        Path out = work.resolve(n + ".out"), err = work.resolve(n + ".err"), done = work.resolve(n + ".exit");
        shell.write("{ " + text + "\n} > " + out + " 2> " + err + "; echo $? > " + done + ".tmp; mv " + done + ".tmp " + done + "\n");
        shell.flush();
        long until = System.currentTimeMillis() + 120_000;
        while (!Files.exists(done)) {
            if (System.currentTimeMillis() > until) throw new IllegalStateException("no end after 120 s: " + text);
            Thread.sleep(20);
        }
        List<Integer> statuses = new ArrayList<>();
        Matcher s = Pattern.compile("@@STATUS (\\d{3})").matcher(Files.readString(err));
        while (s.find()) statuses.add(Integer.parseInt(s.group(1)));
        return new Ran(Integer.parseInt(Files.readString(done).strip()), Files.readString(out), statuses);
    }

    static List<String> check(String where, Step step, Ran ran, String personalCode) {
        List<String> failures = new ArrayList<>();
        String text = step.command().text();
        List<String> comments = new ArrayList<>();
        scan(text, comments);
        Integer commented = comments.stream().map(STATUS_COMMENT::matcher).filter(Matcher::lookingAt).map(m -> Integer.valueOf(m.group(1)))
                .findFirst().orElse(null);
        Integer expected = step.answers().stream().map(Answer::status).filter(x -> x != null).findFirst().orElse(commented);
        int got = ran.statuses().isEmpty() ? -1 : ran.statuses().getLast();
        if (ran.exit() != 0) failures.add(where + ": exit status " + ran.exit() + "\n     " + brief(ran.out()));
        if (expected != null) {
            if (got != expected) failures.add(where + ": status " + got + ", the README says " + expected + "\n     " + brief(ran.out()));
        } else {
            // every request of a command shown without an answer must succeed, not only the last
            for (int status : ran.statuses()) {
                if (status >= 400 || status == 0) failures.add(where + ": status " + status + " where the README shows none\n     " + brief(ran.out()));
            }
        }
        for (Answer a : step.answers()) {
            // "..." elides as "…" does; the personal code shown is the one just issued
            String shown = a.text().strip().replace("...", "…");
            if (personalCode != null) shown = shown.replace(SAMPLE_CODE, personalCode);
            // a line of JSON (or its continuation) is checked by its pairs; any other line as text
            for (String line : shown.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("…")).toList()) {
                if (line.startsWith("{") || line.startsWith("[") || line.startsWith("\"") || line.startsWith("}")) {
                    Matcher pair = PAIR.matcher(line);
                    while (pair.find()) {
                        String value = pair.group(2);
                        String regex = Pattern.quote("\"" + pair.group(1) + "\":")
                                + (value.startsWith("\"") ? elided(value, "[^\"]*") : Pattern.quote(value) + "(?![\\d.])");
                        if (!Pattern.compile(regex).matcher(ran.out()).find()) {
                            failures.add(where + ": the answer has no " + pair.group() + " (README.md:" + a.line() + ")\n     " + brief(ran.out()));
                        }
                    }
                } else if (!Pattern.compile(elided(line, ".*?")).matcher(ran.out()).find()) {
                    failures.add(where + ": the output has no line like '" + line + "' (README.md:" + a.line() + ")\n     " + brief(ran.out()));
                }
            }
        }
        return failures;
    }

    /** {@code shown} as a pattern: literal, with each "…" matching {@code gap}. */
    static String elided(String shown, String gap) {
        StringBuilder regex = new StringBuilder();
        String[] parts = shown.split("…", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) regex.append(gap);
            if (!parts[i].isEmpty()) regex.append(Pattern.quote(parts[i]));
        }
        return regex.toString();
    }

    static String brief(String out) {
        String one = out.strip().replace('\n', ' ');
        return one.length() > 400 ? one.substring(0, 400) + "…" : one;
    }
}
