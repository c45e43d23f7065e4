// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Renderers compute nothing (issue 8): shares come finished from the analyzer's view
 * ({@code io.memsnap.analyzer.view}), and the one percent formatter is {@code HumanUnits.percent}. A report source
 * line that computes a share ({@code Shares.of}, a {@code * 100}, a division by a {@code (double)}) or formats a
 * percent itself ({@code %%} in a format string, a {@code "%"} literal) fails this test. Chart geometry (pixels
 * from bytes) is drawing, not a share: the SVG writers may divide.
 */
class RenderersComputeNothingTest {
    private static final Path MAIN = Path.of("src", "main", "java", "io", "memsnap", "report");
    private static final Pattern SHARE = Pattern.compile("\\bShares\\b|\\*\\s*100\\b|\\b100(\\.0)?\\s*\\*|%%|\"%\"|'%'");
    private static final Pattern DIVIDE = Pattern.compile("\\(double\\)");

    @Test
    void noReportSourceComputesOrFormatsAShare() throws IOException {
        assertEquals(List.of(), offenders());
    }

    @Test
    void theCheckSeesWhatItForbids() {
        assertTrue(offends("Foo.java", "HumanUnits.percent(Shares.of(b.bytes(), rss))"));
        assertTrue(offends("Foo.java", "String.format(Locale.ROOT, \"%+.1f%%\", 100 * r)"));
        assertTrue(offends("Foo.java", "return (double) part / whole;"));
        assertTrue(offends("Foo.java", "p * 100 + \"%\""));
        assertTrue(!offends("Foo.java", "HumanUnits.percent(s.share())"));
        assertTrue(!offends("SvgCharts.java", "double x = (double) bytes / max * WIDTH;"));
    }

    private static List<String> offenders() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = read(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (!line.startsWith("*") && !line.startsWith("//") && offends(f.getFileName().toString(), line)) {
                        out.add(MAIN.relativize(f) + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        return out;
    }

    private static boolean offends(String file, String line) {
        boolean chart = file.startsWith("Svg") || file.endsWith("Icicle.java");
        return SHARE.matcher(line).find() || !chart && DIVIDE.matcher(line).find();
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
