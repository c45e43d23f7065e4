// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.fixtures.LuaFixture;
import io.memsnap.report.ReportFormat;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.luajit.LuaJitString;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's live injection test: a real luajit process ({@code fixtures/lua/workloads/hostile.lua}) keeps Lua
 * strings starting with {@code <script>}, quotes and entities, and ffi.load()s a copy of libm from a path holding
 * {@code <script>alert(1)<} and {@code ">'&amp;}. It is captured frozen with string previews on (what
 * {@code memsnap report --freeze --show-strings} does), rendered to HTML and opened in headless Chromium: no injected
 * element or event-handler attribute may exist, and both the previews and the library path must appear literally as
 * text. The screenshot stays in {@code report/target/artifacts/live-injection.png}. A shared dict name is not part
 * of it: the model has no nginx shared-dict names yet.
 */
@EnabledOnOs(OS.LINUX)
class LiveInjectionIT {
    private static final Path ARTIFACTS = Path.of("target", "artifacts").toAbsolutePath();
    private static final String MARK = "<script>alert(1)</script>\"q\"'s'&amp;&<img src=x onerror=f()>";

    @TempDir
    Path tmp;

    @Test
    void hostileLuaStringsAndLibraryPathRenderAsText() throws Exception {
        Files.createDirectories(ARTIFACTS);
        Path base = null;
        try (LuaFixture lua = LuaFixture.start("hostile")) {
            JsonNode step = new ObjectMapper().readTree(lua.step(1));
            base = Path.of(step.get("base").asText());
            String libPath = step.get("path").asText();
            assertTrue(libPath.endsWith("/<script>alert(1)</lib\">'&amp;.so"), libPath);
            assertEquals(1, step.get("cos0").asInt(), "the copied libm was loaded and called");

            Snapshot s = new Capturer(Clock.systemUTC(), Layers.all(true), "test")
                    .captureLive(lua.pid(), new CaptureOptions(true, false, Duration.ofSeconds(5)));
            List<LuaJitString> strings = s.processes().get(0).luajit().orElseThrow().biggestStrings();
            assertTrue(strings.size() >= 4, strings.toString());
            for (LuaJitString str : strings.subList(0, 4)) {
                assertTrue(str.preview().orElseThrow().startsWith(MARK), str.toString());
            }
            assertTrue(s.processes().get(0).mappings().stream().anyMatch(m -> m.path().equals(libPath)),
                    "the library path is a mapping");

            Path html = ARTIFACTS.resolve("live-injection.html");
            try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
                ReportFormat.HTML.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s),
                        new ReportOptions(500), w);
            }
            try (HtmlReportChromiumIT.Page page = HtmlReportChromiumIT.Page.open(tmp, html)) {
                assertEquals(List.of(), page.errors(), "console errors or exceptions");
                assertEquals(0, page.eval("document.querySelectorAll('script, img, iframe, object, embed').length")
                        .asInt(), "no injected element");
                assertEquals(Boolean.FALSE, page.eval("[...document.querySelectorAll('*')].some(e =>"
                        + " [...e.attributes].some(a => a.name.startsWith('on')))").asBoolean(), "no handler");
                String luajit = page.eval("document.getElementById('p-" + lua.pid() + "-luajit').innerText").asText();
                assertTrue(luajit.contains(MARK), luajit);
                String facts = page.eval("document.getElementById('p-" + lua.pid() + "-facts').innerText").asText();
                assertTrue(facts.contains(libPath), facts);
                long png = page.screenshot(ARTIFACTS.resolve("live-injection.png"));
                assertTrue(png > 20_000, "screenshot of " + png + " bytes looks empty");
            }
        } finally {
            if (base != null) {
                try (var files = Files.walk(base)) {
                    for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }
}
