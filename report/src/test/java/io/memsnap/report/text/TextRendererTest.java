// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRendererTest {
    @Test
    void everyLineFitsHundredColumnsAndFindingsLead() throws IOException {
        for (String name : StoredSnapshots.NAMES) {
            Snapshot s = StoredSnapshots.read(name);
            String text = render(s, ReportOptions.defaults());
            for (String line : text.split("\n")) {
                assertTrue(line.codePointCount(0, line.length()) <= 100, name + ": " + line);
            }
            assertTrue(text.indexOf("FINDINGS") < text.indexOf("PROCESS "), name);
        }
    }

    @Test
    void controlCharactersFromTheTargetAreEscaped() {
        assertEquals("a\\x1b[31mred\\x07\\x0d", TextSafe.clean("a\u001b[31mred\u0007\r"));
        assertEquals("x\\u202ey", TextSafe.clean("x\u202ey"));
        assertEquals("plain /usr/lib/x.so", TextSafe.clean("plain /usr/lib/x.so"));
    }

    @Test
    void mappingLimitIsStatedAndApplied() throws IOException {
        Snapshot s = StoredSnapshots.read("linux6.18-x86_64-glibc2.36-c-fragmented");
        String text = render(s, new ReportOptions(2));
        int all = s.processes().get(0).mappings().size();
        assertTrue(text.contains("Largest mappings by Rss (2 of " + all + ", then by address; change with --top)"),
                text);
        assertFalse(text.contains("[vdso]"));
    }

    @Test
    void wrapKeepsWordsAndWidth() {
        List<String> lines = TextWrap.wrap("word ".repeat(60), "  ", "    ");
        assertTrue(lines.size() > 1);
        lines.forEach(l -> assertTrue(l.length() <= 100));
        assertTrue(lines.get(1).startsWith("    word"));
    }

    private static String render(Snapshot s, ReportOptions options) throws IOException {
        StringWriter out = new StringWriter();
        new TextRenderer().render(s, FindingsEngine.withDefaultRules().analyze(s), options, out);
        return out.toString();
    }
}
