// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FlameGraphWriterTest {
    @Test
    void selfContainedEscapedAndScriptAllowedOnlyByHash() throws Exception {
        StringWriter w = new StringWriter();
        FlameGraphWriter.write(Traces.sample(), w);
        String html = w.toString();
        assertFalse(html.contains("<!-- @"), "every placeholder filled");
        assertFalse(html.contains("<img"), "frame names never become markup");
        assertFalse(html.contains("evil</script>"), "a frame name cannot end the data script");
        assertTrue(html.contains("evil\\u003c/script\\u003e"), "it is in the data, escaped");
        assertFalse(html.matches("(?s).*(src|href)=\"?(https?:)?//.*"), "no external URL");
        assertEquals(3, html.split("<script", -1).length - 1 + 1, "exactly two script elements");
        Matcher csp = Pattern.compile("script-src 'sha256-([A-Za-z0-9+/=]+)'").matcher(html);
        assertTrue(csp.find(), "CSP names the script hash");
        assertEquals(FlameGraphWriter.scriptHash(html), csp.group(1), "hash matches the script as written");
    }
}
