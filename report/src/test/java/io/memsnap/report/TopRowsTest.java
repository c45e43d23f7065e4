// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code --top N} cuts every ranked table, the LuaJIT GC object types and the nginx pool owners included, in text
 * and HTML alike, and the table says how many it shows of how many.
 */
class TopRowsTest {
    @Test
    void gcObjectTypesFollowTop() throws IOException {
        // nine GC object types recorded: string 540 KiB first, then table 536 KiB, function, ...
        Snapshot s = StoredSnapshots.read("linux6.18-x86_64-luajit2-free-retained");
        String text = render(s, ReportFormat.TEXT, 2);
        int at = text.indexOf("  LuaJIT GC objects by type (2 of 9, most bytes first; change with --top)\n");
        assertTrue(at >= 0, text);
        String[] table = text.substring(at).split("\n\n", 2)[0].split("\n");
        assertEquals(4, table.length, "title, header and two rows: " + String.join("\n", table));
        assertTrue(table[2].startsWith("  string ") && table[3].startsWith("  table "), String.join("\n", table));
        String html = render(s, ReportFormat.HTML, 2);
        at = html.indexOf("GC objects by type (2 of 9, most bytes first; change with --top).");
        assertTrue(at >= 0, html);
        String gcTable = html.substring(html.indexOf("<table>", at), html.indexOf("</table>", at));
        assertEquals(3, gcTable.split("<tr>", -1).length - 1, "header and two rows: " + gcTable);
        assertTrue(render(s, ReportFormat.TEXT, 10).contains("LuaJIT GC objects by type (9 of 9,"));
    }

    @Test
    void nginxPoolOwnersFollowTop() throws IOException {
        Snapshot s = NginxRenderTest.snapshot();
        String text = render(s, ReportFormat.TEXT, 1);
        assertTrue(text.contains("nginx pools by owner (most bytes first, then by name; 1 of 2; change with --top)"),
                text);
        // the owners table and its detail lines stop after the first (a finding's evidence still names the second)
        assertTrue(!text.contains("nginx: cycle: ngx_cycle->pool"), "the second owner is cut: " + text);
        assertTrue(render(s, ReportFormat.TEXT, 2).contains("nginx: cycle: ngx_cycle->pool"));
        String html = render(s, ReportFormat.HTML, 1);
        assertTrue(html.contains("Pools by owner (1 of 2, most bytes first, then by name; change with --top)."), html);
        assertTrue(!html.contains("<tr><td>nginx: cycle</td>"), "the second owner is cut");
        assertTrue(render(s, ReportFormat.HTML, 2).contains("<tr><td>nginx: cycle</td>"));
    }

    private static String render(Snapshot s, ReportFormat f, int top) throws IOException {
        StringWriter out = new StringWriter();
        f.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s), new ReportOptions(top), out);
        return out.toString();
    }
}
