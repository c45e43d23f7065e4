// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.fixtures.LuaFixture;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The biggest Lua table's share, against what the fixture measured itself: a real luajit makes one table of 200,000
 * array slots with the collector stopped and reports how much {@code collectgarbage("count")} grew across it, then
 * stops itself with {@code collectgarbage("count")} measured. Table bytes are allocation bytes, so the text and HTML
 * reports print them as a share of the GC heap (that count), under a column that says so, never of RSS.
 */
@EnabledOnOs(OS.LINUX)
class LuaJitTableShareIT {
    @Test
    void biggestTableIsAShareOfTheGcHeapTheFixtureCounted() throws Exception {
        try (LuaFixture lua = LuaFixture.start("big_table")) {
            JsonNode step = new ObjectMapper().readTree(lua.step(1));
            long tableBytes = step.get("table_bytes").asLong();
            // lj_tab_new_ah: table.new(n, 0) has n + 1 array slots; a 64-byte GCtab plus 8 bytes a slot
            assertEquals(64 + 200_001L * 8, tableBytes, "the fixture's own measure of its table");
            AtomicReference<Snapshot> captured = new AtomicReference<>();
            LuaFixture.GcOracle gc = lua.gcOracle(false, pid -> captured.set(new Capturer(Clock.systemUTC(),
                    Layers.all(false), "test").captureLive(pid, new CaptureOptions(false, false,
                            Duration.ofSeconds(5)))));
            Snapshot s = captured.get();
            LuaJitHeap heap = s.processes().get(0).luajit().orElseThrow();
            assertEquals(gc.totalBytes(), heap.gcTotalBytes(), "the GC heap is the fixture's collectgarbage count");
            LuaJitTable top = heap.biggestTables().get(0);
            assertEquals(tableBytes, top.bytes(), top.toString());
            String share = HumanUnits.percent((double) tableBytes / gc.totalBytes());
            String byRss = HumanUnits.percent((double) tableBytes / s.processes().get(0).rssBytes());
            assertFalse(share.equals(byRss), "the two shares must differ for this test to tell them apart: " + share);
            String address = String.format(Locale.ROOT, "0x%x", top.address());

            StringWriter text = new StringWriter();
            ReportFormat.TEXT.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s),
                    ReportOptions.defaults(), text);
            List<String> lines = text.toString().lines().toList();
            int heading = indexOf(lines, "LuaJIT biggest tables");
            assertTrue(lines.get(heading + 1).trim().endsWith("bytes   of GC heap"), lines.get(heading + 1));
            String row = lines.get(heading + 2);
            assertTrue(row.trim().startsWith(address), row);
            assertEquals(List.of(address, "200,001", "0", HumanUnits.bytes(tableBytes), share),
                    List.of(row.trim().split("\\s{2,}")), row);

            StringWriter html = new StringWriter();
            ReportFormat.HTML.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s),
                    ReportOptions.defaults(), html);
            String h = html.toString();
            assertTrue(h.contains("<th class=\"num\">bytes</th><th class=\"num\">of GC heap</th></tr>\n<tr><td>"
                    + address + "</td><td class=\"num\">200,001</td><td class=\"num\">0</td><td class=\"num\">"
                    + HumanUnits.bytes(tableBytes) + "</td><td class=\"num\">" + share + "</td></tr>"), h);
        }
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starting " + start);
    }
}
