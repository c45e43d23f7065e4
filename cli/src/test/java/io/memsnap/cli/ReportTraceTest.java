// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import io.memsnap.report.json.TraceJsonReader;
import io.memsnap.report.json.TraceJsonWriter;
import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memsnap report --trace leaks.json}: the trace's top paths as a section of the HTML report. */
class ReportTraceTest {
    private static final Path PSEUDO_LEAK = Fixtures.dir().resolve(
            "src/main/resources/snapshots/linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak.json.gz");
    private static final String HOSTILE = "evil</pre><script>alert(1)</script>";

    @TempDir
    Path tmp;

    static LeakTrace trace() {
        StackTable.Builder b = new StackTable.Builder();
        int a = b.stack(LeakKind.MALLOC, List.of("main", "leak_site", "malloc"));
        b.allocated(a, 5000, 3);
        b.leaked(a, 5000, 2);
        int h = b.stack(LeakKind.POOL, List.of("main", HOSTILE, "ngx_create_pool"));
        b.allocated(h, 1024, 1);
        b.leaked(h, 1024, 1);
        return new LeakTrace(List.of(42, 43), 60_000, 5_000, 4096, 3, 77, 0, false, List.of("sampled"), b.build());
    }

    private Path written(LeakTrace t) throws Exception {
        Path f = tmp.resolve("leaks.json");
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            TraceJsonWriter.write(t, w);
        }
        return f;
    }

    @Test
    void theJsonReadsBackToTheSameTrace() throws Exception {
        LeakTrace t = trace();
        LeakTrace back = TraceJsonReader.read(written(t));
        assertEquals(t.pids(), back.pids());
        assertEquals(t.samplePeriod(), back.samplePeriod());
        assertEquals(t.warnings(), back.warnings());
        assertEquals(t.leakedBytes(LeakKind.MALLOC), back.leakedBytes(LeakKind.MALLOC));
        assertEquals(t.leakedCount(LeakKind.POOL), back.leakedCount(LeakKind.POOL));
        StackTable s = back.stacks();
        long allocs = 0;
        long allocBytes = 0;
        for (int i = 0; i < s.size(); i++) {
            allocs += s.allocCount(i);
            allocBytes += s.allocBytes(i);
        }
        assertEquals(4, allocs);
        assertEquals(3 * 5000 + 1024, allocBytes);
    }

    @Test
    void theHtmlReportGetsATraceSectionWithItsPathsInWordsEscaped() throws Exception {
        Path trace = written(trace());
        Path html = tmp.resolve("r.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(InputStream.nullInputStream(), new PrintWriter(out, true), new PrintWriter(err, true),
                "report", PSEUDO_LEAK.toString(), "--trace", trace.toString(), "-o", html.toString()), err.toString());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.strip().endsWith("</html>"), "a whole page");
        int section = page.indexOf("<section id=\"leak-trace\">");
        assertTrue(section > 0 && section < page.indexOf("</body>"), "the section is inside the body");
        assertTrue(page.contains("2 blocks, 9.8 KiB, still alive after 5 s, allocated by main ← leak_site ← malloc"),
                page.substring(section));
        assertFalse(page.contains(HOSTILE), "frame names are escaped");
        assertTrue(page.contains("evil&lt;/pre&gt;&lt;script&gt;"), page.substring(section));
    }

    @Test
    void aTraceNeedsTheHtmlFormat() throws Exception {
        Path trace = written(trace());
        StringWriter err = new StringWriter();
        assertEquals(2, Main.run(InputStream.nullInputStream(), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true), "report", PSEUDO_LEAK.toString(), "--trace", trace.toString(), "--format",
                "json"));
        assertTrue(err.toString().contains("--format html"), err.toString());
    }
}
