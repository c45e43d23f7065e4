// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report, diff and series pages share one head (duplicates D1/D2): the templates hold no meta or style of their
 * own, and each filled page carries head.html's elements exactly once, before its title.
 */
class SharedHeadTest {
    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "report.html", HtmlRenderer.PLACEHOLDERS,
            "diff.html", List.of("summary", "findings", "bars", "histogram", "deltas"),
            "series.html", List.of("summary", "findings", "charts", "growth"));

    @Test
    void everyPageIncludesTheOneHead() throws IOException {
        String head = resource("head.html");
        String body = head.substring(head.indexOf("<meta charset"));
        for (Map.Entry<String, List<String>> t : TEMPLATES.entrySet()) {
            String template = resource(t.getKey());
            assertFalse(template.contains("<meta") || template.contains("<style"), t.getKey() + " has its own head");
            StringWriter out = new StringWriter();
            new TemplateFiller(t.getKey(), t.getValue()).fill(out, name -> { });
            String page = out.toString();
            assertEquals(1, page.split(java.util.regex.Pattern.quote(body), -1).length - 1, t.getKey());
            assertTrue(page.indexOf("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
                    < page.indexOf("<title>"), t.getKey());
            assertFalse(page.contains("SPDX-License-Identifier: Apache-2.0 -->\n<!-- The head"), "comments left out");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SharedHeadTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
