// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
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
            assertFalse(Pattern.compile("(?i)\\b(src|href)\\s*=").matcher(html).find(), name + " loads something");
            assertFalse(html.contains("@import"), name);
            assertTrue(html.contains("default-src 'none'"), "CSP forbids fetching");
        }
    }

    @Test
    void escaperCoversEveryMetacharacter() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
                HtmlEscaper.escape("<a href=\"x\" title='y'>&amp;</a>"));
        assertEquals("a\ufffdb\tc\nd", HtmlEscaper.escape("a\u0000b\tc\nd"));
    }

    private static String render(Snapshot s) throws IOException {
        StringWriter out = new StringWriter();
        new HtmlRenderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        return out.toString();
    }
}
