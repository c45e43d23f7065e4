// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hostile stored snapshot renders its strings as escaped text, and the page names no URL at all. */
class HtmlInjectionTest {
    @Test
    void hostileStringsAreEscaped() throws IOException {
        String html = render(StoredSnapshots.read(StoredSnapshots.HOSTILE));
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), "no script tag at all");
        assertFalse(html.contains("<b>"), "process name markup is not markup");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("/opt/&lt;script&gt;alert(1)&lt;/script&gt;/nginx&amp;amp;&quot;q&quot;&#39;s"),
                "exe with an entity-looking '&amp;' is escaped again, so it shows literally");
        assertTrue(html.contains("/dev/shm/lua_shared_dict &lt;script&gt;alert(1)&lt;/script&gt; (deleted)"));
        assertTrue(html.contains("ngx&quot;&lt;b&gt;x&lt;/b&gt;"));
    }

    @Test
    void noUrlAnywhere() throws IOException {
        for (String name : StoredSnapshots.NAMES) {
            String html = render(StoredSnapshots.read(name));
            assertFalse(Pattern.compile("(?i)(https?|ftp)://|//[a-z0-9.-]+\\.[a-z]{2,}/").matcher(html).find(),
                    name + " names a URL");
            // links inside the page (href="#...") are allowed; nothing that loads or leaves it
            assertFalse(Pattern.compile("(?i)\\bsrc\\s*=|\\bhref\\s*=\\s*[\"']?[^#\"'\\s]").matcher(html).find(),
                    name + " loads something");
            assertFalse(html.contains("@import"), name);
            assertTrue(html.contains("default-src 'none'"), "CSP forbids fetching");
        }
    }

    @Test
    void escaperCoversEveryMetacharacter() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
                HtmlEscaper.escape("<a href=\"x\" title='y'>&amp;</a>"));
        assertEquals("a\\x00b\tc\nd", HtmlEscaper.escape("a\u0000b\tc\nd"));
    }

    @Test
    void controlsAndBidiOverridesAreShownAsTheTextReportShowsThem() throws IOException {
        assertEquals("\\u202eevil\\x1b[31m\\x9b\\u2066", HtmlEscaper.escape("\u202eevil\u001b[31m\u009b\u2066"));
        // the hostile snapshot with a title that carries ESC, CSI and a right-to-left override
        Snapshot h = StoredSnapshots.read(StoredSnapshots.HOSTILE);
        List<ProcessSnapshot> titled = h.processes().stream().map(p -> new ProcessSnapshot(p.pid(), p.ppid(),
                p.role(), p.name(), "nginx: \u001b[2J\u202eredrow\u009b", p.exe(), p.rssBytes(), p.status(),
                p.cgroupMemoryLimitBytes(), p.freezePauseMillis(), p.mappings(), p.breakdown(), p.glibc(),
                p.luajit(), p.warnings())).toList();
        String bad = render(new Snapshot(h.format(), h.capturedAt(), h.source(), h.host(), titled));
        assertTrue(bad.contains("nginx: \\x1b[2J\\u202eredrow\\x9b"), "shown as the text report shows it");
        for (String name : StoredSnapshots.NAMES) {
            String html = name.equals(StoredSnapshots.HOSTILE) ? bad : render(StoredSnapshots.read(name));
            assertFalse(Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]")
                    .matcher(html).find(), name + " has a raw control or bidi character");
        }
    }

    private static String render(Snapshot s) throws IOException {
        StringWriter out = new StringWriter();
        new HtmlRenderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        return out.toString();
    }
}
