// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The HTML reads per process (issue 14): one section per process holding its layers, the quiet master summarised
 * and folded, a worker alike to one shown as one row of the alike table, as the text does; every in-page link
 * names an id that exists once.
 */
class HtmlProcessesTest {
    @Test
    void oneSectionPerProcessWithItsLayersAndTheAlikeWorkerOnce() throws IOException {
        Snapshot three = StoredSnapshots.withAlikeWorker();
        StringWriter out = new StringWriter();
        new HtmlRenderer().render(three, FindingsEngine.withDefaultRules().analyze(three), ReportOptions.defaults(),
                out);
        String html = out.toString();
        assertEquals(2, count(html, "<details [^>]*class=\"process\""), "the master and the first worker");
        assertTrue(html.contains("<details open class=\"process\" id=\"p-5510\"><summary>pid 5510 (worker, nginx): "
                + "RSS 74.9 MiB</summary>"), html);
        assertTrue(html.contains("<details class=\"process\" id=\"p-5508\"><summary>pid 5508 (master, nginx): RSS 2.6"
                + " MiB <span class=\"muted\">(summarised: no finding above info is about the master)</span>"), html);
        // the worker's layers sit inside its section, in order, between its opening and the next section
        String worker = html.substring(html.indexOf("id=\"p-5510\""), html.indexOf("<section id=\"alike\">"));
        int at = -1;
        for (String layer : new String[] {"breakdown", "glibc", "luajit", "facts"}) {
            int next = worker.indexOf("<details open class=\"layer\" id=\"p-5510-" + layer + "\">");
            assertTrue(next > at, layer + " after the previous layer in the worker's section");
            at = next;
        }
        assertEquals(0, count(html, "id=\"p-5508-"), "the summarised master has no layer sections");
        assertEquals(0, count(html, "id=\"p-5511-"), "the alike worker has no layer sections");
        assertTrue(html.contains("<tr id=\"p-5511\"><td class=\"num\">5511</td><td>nginx</td><td class=\"num\">74.9 MiB"
                + "</td><td class=\"num\"><a href=\"#p-5510\">5510</a></td><td class=\"num\">+0 B</td><td>no category "
                + "differs by 1 MiB or more</td></tr>"), html);
        assertTrue(html.contains("<a href=\"#alike\">alike workers (1)</a>"), "the contents name the alike table");
        Matcher links = Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
        int n = 0;
        while (links.find()) {
            n++;
            assertEquals(1, count(html, " id=\"" + Pattern.quote(links.group(1)) + "\""), links.group(1));
        }
        assertTrue(n >= 10, n + " links");
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
