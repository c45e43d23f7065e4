// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package order of docs/architecture.md, from the ground up: model (records only) &lt; memory &lt; {proc, elf,
 * codec} &lt; target &lt; {target.live, target.core} &lt; walk &lt; the walkers &lt; capture. A package imports only
 * packages below it (model and its section subpackages count as one); walkers never import each other. JNA has one
 * home, {@code target.live.LinuxLibc}. analyzer and report see only the model and the codec.
 */
class LayeringTest {
    private static final String BASE = "io.memsnap.snapshot";
    private static final Map<String, Integer> RANK = Map.ofEntries(Map.entry("", 0), Map.entry("model", 1),
            Map.entry("memory", 2), Map.entry("proc", 3), Map.entry("elf", 3), Map.entry("codec", 3),
            Map.entry("target", 4), Map.entry("target.live", 5), Map.entry("target.core", 5), Map.entry("walk", 6),
            Map.entry("glibc", 7), Map.entry("luajit", 7), Map.entry("nginx", 7), Map.entry("capture", 8));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?((?:[a-z_]\\w*\\.)*[a-z_]\\w*)\\.[A-Z][\\w.]*;",
            Pattern.MULTILINE);
    private static final Path MAIN = Path.of("src", "main", "java");

    /** The layer of a snapshot subpackage: model's section subpackages belong to model. */
    static String layer(String pkg) {
        String rel = pkg.equals(BASE) ? "" : pkg.substring(BASE.length() + 1);
        return rel.startsWith("model.") ? "model" : rel;
    }

    /** Import violations of one source file in package {@code pkg}, as "file: import" lines. */
    static List<String> violations(String pkg, String file, String source) {
        List<String> out = new ArrayList<>();
        String from = layer(pkg);
        Integer fromRank = RANK.get(from);
        if (fromRank == null) {
            out.add(file + ": package " + pkg + " has no place in LayeringTest.RANK");
            return out;
        }
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            String imported = m.group(1);
            if (imported.startsWith("com.sun.jna") && !file.endsWith("target/live/LinuxLibc.java")) {
                out.add(file + ": imports JNA (only target.live.LinuxLibc may)");
            }
            if (!imported.equals(BASE) && !imported.startsWith(BASE + ".")) {
                continue;
            }
            String to = layer(imported);
            Integer toRank = RANK.get(to);
            if (to.equals(from)) {
                continue;
            }
            if (toRank == null || toRank >= fromRank) {
                out.add(file + ": " + from + " imports " + imported + " (" + to + " is not below " + from + ")");
            }
        }
        return out;
    }

    @Test
    void snapshotPackagesImportOnlyDownwards() {
        List<String> bad = new ArrayList<>();
        List<Path> files = javaFiles(MAIN);
        assertTrue(files.size() > 100, "found only " + files.size() + " sources under " + MAIN.toAbsolutePath());
        for (Path f : files) {
            String source = read(f);
            bad.addAll(violations(packageOf(source), MAIN.relativize(f).toString(), source));
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void analyzerAndReportSeeOnlyTheModelAndTheCodec() {
        List<String> bad = new ArrayList<>();
        for (String module : List.of("analyzer", "report")) {
            Path main = Path.of("..", module, "src", "main", "java");
            List<Path> files = javaFiles(main);
            assertTrue(files.size() > 5, "found only " + files.size() + " sources under " + main.toAbsolutePath());
            for (Path f : files) {
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                    String imported = m.group(1);
                    if (imported.startsWith(BASE + ".") && !layer(imported).equals("model")
                            && !layer(imported).equals("codec")) {
                        bad.add(module + "/" + main.relativize(f) + ": imports " + imported);
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void theRuleCatchesAnUpwardImportAndJnaOutsideItsHome() {
        String walker = "package io.memsnap.snapshot.glibc;\nimport io.memsnap.snapshot.capture.Capturer;\n"
                + "import io.memsnap.snapshot.luajit.LuaJitWalker;\nimport io.memsnap.snapshot.target.ProcessImage;\n";
        assertEquals(List.of("glibc/X.java: glibc imports io.memsnap.snapshot.capture (capture is not below glibc)",
                "glibc/X.java: glibc imports io.memsnap.snapshot.luajit (luajit is not below glibc)"),
                violations("io.memsnap.snapshot.glibc", "glibc/X.java", walker));
        String model = "package io.memsnap.snapshot.model.glibc;\nimport io.memsnap.snapshot.model.Mapping;\n"
                + "import io.memsnap.snapshot.memory.Memory;\nimport com.sun.jna.Native;\n";
        assertEquals(List.of("model/glibc/X.java: model imports io.memsnap.snapshot.memory (memory is not below model)",
                "model/glibc/X.java: imports JNA (only target.live.LinuxLibc may)"),
                violations("io.memsnap.snapshot.model.glibc", "model/glibc/X.java", model));
        assertEquals(List.of("x/Y.java: package io.memsnap.snapshot.x has no place in LayeringTest.RANK"),
                violations("io.memsnap.snapshot.x", "x/Y.java", ""));
    }

    private static String packageOf(String source) {
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(source);
        return m.find() ? m.group(1) : "";
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
