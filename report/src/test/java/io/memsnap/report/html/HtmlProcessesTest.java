// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.analyzer.findings.HumanUnits;
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
        // the pids and sizes of the stored capture: master, worker, and the worker's copy
        String m = Integer.toString(three.processes().get(0).pid());
        String w = Integer.toString(three.processes().get(1).pid());
        String c = Integer.toString(three.processes().get(2).pid());
        String mRss = HumanUnits.bytes(three.processes().get(0).rssBytes());
        String wRss = HumanUnits.bytes(three.processes().get(1).rssBytes());
        assertEquals(2, count(html, "<details [^>]*class=\"process\""), "the master and the first worker");
        assertTrue(html.contains("<details open class=\"process\" id=\"p-" + w + "\"><summary>pid " + w + " (worker, nginx): "
                + "RSS " + wRss + "</summary>"), html);
        assertTrue(html.contains("<details class=\"process\" id=\"p-" + m + "\"><summary>pid " + m + " (master, nginx): RSS " + mRss
                + " <span class=\"muted\">(summarised: no finding above info is about the master)</span>"), html);
        // the worker's layers sit inside its section, in order, between its opening and the next section
        String worker = html.substring(html.indexOf("id=\"p-" + w + "\""), html.indexOf("<section id=\"alike\">"));
        int at = -1;
        for (String layer : new String[] {"breakdown", "glibc", "luajit", "facts"}) {
            int next = worker.indexOf("<details open class=\"layer\" id=\"p-" + w + "-" + layer + "\">");
            assertTrue(next > at, layer + " after the previous layer in the worker's section");
            at = next;
        }
        assertEquals(0, count(html, "id=\"p-" + m + "-"), "the summarised master has no layer sections");
        assertEquals(0, count(html, "id=\"p-" + c + "-"), "the alike worker has no layer sections");
        assertTrue(html.contains("<tr id=\"p-" + c + "\"><td class=\"num\">" + c + "</td><td>nginx</td><td class=\"num\">" + wRss
                + "</td><td class=\"num\"><a href=\"#p-" + w + "\">" + w + "</a></td><td class=\"num\">±0 B</td><td>no category "
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
