// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.report.trace.FlameGraphWriter;
import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The leak flame graph in headless Chromium: no errors (CSP included), no requests, search and zoom work. */
@EnabledOnOs(OS.LINUX)
class FlameGraphChromiumIT {
    @TempDir
    Path tmp;

    @Test
    void loadsSearchesAndZoomsWithHostileFrameNames() throws Exception {
        StackTable.Builder b = new StackTable.Builder();
        int a = b.stack(LeakKind.MALLOC, List.of("main", "handler", "ngx_palloc", "malloc"));
        b.allocated(a, 3000, 1);
        b.leaked(a, 3000, 1);
        int h = b.stack(LeakKind.MALLOC, List.of("main", "<img src=x onerror=alert(1)>", "malloc"));
        b.allocated(h, 1000, 1);
        b.leaked(h, 1000, 1);
        LeakTrace t = new LeakTrace(List.of(1), 1000, 0, 4096, 1, 4, 0, false, List.of(), b.build());
        Path html = tmp.resolve("flame.html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            FlameGraphWriter.write(t, w);
        }
        try (HtmlReportChromiumIT.Page page = HtmlReportChromiumIT.Page.open(tmp, html)) {
            assertEquals(List.of(html.toUri().toString()), page.requestUrls(), "requests other than the file");
            assertEquals(List.of(), page.errors(), "console errors, exceptions, CSP violations");
            assertEquals(0, page.eval("document.querySelectorAll('img').length").asInt(), "no injected element");
            assertEquals(Boolean.TRUE, page.eval("Array.from(document.querySelectorAll('.f'))"
                    + ".some(e => e.textContent === '<img src=x onerror=alert(1)>')").asBoolean());
            page.eval("const s = document.getElementById('search'); s.value = 'ngx_palloc';"
                    + "s.dispatchEvent(new Event('input')); 0");
            String status = page.eval("document.getElementById('status').textContent").asText();
            assertTrue(status.contains("matched 2.9 KiB (75.00% of leaked bytes)"), status);
            assertEquals(1, page.eval("document.querySelectorAll('.f.m').length").asInt());
            page.eval("Array.from(document.querySelectorAll('.f')).find(e => e.textContent === 'handler').click(); 0");
            assertEquals("100%", page.eval("Array.from(document.querySelectorAll('.f'))"
                    + ".find(e => e.textContent === 'ngx_palloc').style.width").asText(), "zoomed to handler");
        }
    }
}
