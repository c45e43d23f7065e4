// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportFormat;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opens each stored snapshot's HTML report in headless Chromium, driven over the DevTools protocol: the page must
 * load with no console message of level error, no uncaught exception, no log error (a CSP violation would be one)
 * and no network request other than the file itself. A full-page screenshot and an A4 print (PDF) are kept in
 * {@code report/target/artifacts/}. For the hostile snapshot the DOM is checked for injected elements.
 */
@EnabledOnOs(OS.LINUX)
class HtmlReportChromiumIT {
    private static final Path ARTIFACTS = Path.of("target", "artifacts").toAbsolutePath();

    /** The computed fills of the glibc chart's two series. */
    private static final String IN_USE = "rgb(47, 93, 138)";

    private static final String FREE = "rgb(201, 214, 227)";

    @TempDir
    Path tmp;

    static List<String> names() {
        return StoredSnapshots.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void rendersWithoutErrorsOrRequests(String name) throws Exception {
        Path html = write(name);
        try (Page page = open(html)) {
            assertEquals(List.of(html.toUri().toString()), page.requestUrls(), "requests other than the file");
            assertEquals(List.of(), page.errors(), "console errors, exceptions or log errors");
            // RSS breakdown and glibc histogram at least; a snapshot without LuaJIT (the C fixture) has no more
            assertEquals(Boolean.TRUE, page.eval("document.querySelectorAll('svg').length >= 2").asBoolean());
            assertTrue(page.eval("document.getElementById('findings').innerText").asText().contains("% of"),
                    "findings section shows the sentences");
            // every in-page link lands on an element; each process's parts fold; PSS and the glossary are there
            assertEquals(0, page.eval("[...document.querySelectorAll('a[href^=\"#\"]')].filter(a => "
                    + "!document.getElementById(a.getAttribute('href').slice(1))).length").asInt(), "dangling links");
            assertTrue(page.eval("document.querySelectorAll('a[href^=\"#p-\"]').length").asInt() >= 1);
            assertTrue(page.eval("document.querySelectorAll('details[open] > summary').length").asInt() >= 2);
            // one section per process, each shown one holding its layers, which fold on their own
            assertEquals(Boolean.TRUE, page.eval("[...document.querySelectorAll('details.process[open]')].every(d => "
                    + "d.querySelectorAll(':scope > details.layer').length >= 2)").asBoolean());
            assertEquals(0, page.eval("document.querySelectorAll('main details.layer:not(details.process > "
                    + "details.layer)').length").asInt(), "a layer outside a process section");
            assertEquals(List.of(), page.linksNotLanding(), "links that do not bring their target into view");
            assertTrue(page.eval("document.querySelector('table.summary').innerText").asText().contains("PSS"));
            assertTrue(page.eval("document.getElementById('glossary').innerText").asText()
                    .contains("free bytes, resident"));
            long png = page.screenshot(ARTIFACTS.resolve(name + ".png"));
            assertTrue(png > 20_000, "screenshot of " + png + " bytes looks empty");
            long pdf = page.print(ARTIFACTS.resolve(name + ".pdf"));
            assertTrue(pdf > 10_000, "printed PDF of " + pdf + " bytes looks empty");
        }
    }

    @Test
    void hostileStringsStayText() throws Exception {
        Path html = write(StoredSnapshots.HOSTILE);
        try (Page page = open(html)) {
            assertEquals(List.of(), page.errors());
            assertEquals(0, page.eval("document.querySelectorAll('script').length").asInt(), "no script element");
            assertEquals(0, page.eval("document.querySelectorAll('main b, header b').length").asInt(),
                    "no <b> from the process name");
            assertEquals(Boolean.TRUE, page.eval("document.title.includes('<script>alert(1)</script>')")
                    .asBoolean());
            String facts = page.eval("document.getElementById('p-7301-facts').innerText").asText();
            assertTrue(facts.contains("/opt/<script>alert(1)</script>/nginx&amp;\"q\"'s"), facts);
            assertTrue(facts.contains("nginx: worker process <script>alert(1)</script> --x='1' & \"y\""), facts);
            assertTrue(facts.contains("/dev/shm/lua_shared_dict <script>alert(1)</script> (deleted)"), facts);
            assertTrue(facts.contains("module path /usr/local/lib/lua/<script>alert(1)</script>.lua & 'x'"), facts);
            String luajit = page.eval("document.getElementById('p-7301-luajit').innerText").asText();
            assertTrue(luajit.contains("table<script>alert(1)</script>"), luajit);
            String chart = page.eval("document.getElementById('gc-7301').textContent").asText();
            assertTrue(chart.contains("<script>"), "the chart label is text: " + chart);
            page.screenshot(ARTIFACTS.resolve(StoredSnapshots.HOSTILE + ".injection.png"));
        }
    }

    @Test
    void alikeWorkerIsOneRowLinkingToTheWorkerShown() throws Exception {
        Snapshot s = StoredSnapshots.withAlikeWorker();
        Files.createDirectories(ARTIFACTS);
        Path html = ARTIFACTS.resolve("alike-workers.html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            ReportFormat.HTML.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s),
                    ReportOptions.defaults(), w);
        }
        try (Page page = open(html)) {
            assertEquals(List.of(), page.errors());
            assertEquals(2, page.eval("document.querySelectorAll('details.process').length").asInt());
            assertEquals(1, page.eval("document.querySelectorAll('#alike tr[id]').length").asInt());
            assertEquals(List.of(), page.linksNotLanding(), "links that do not bring their target into view");
            // the summary table's link to the folded master lands on its section, and the link of the alike row on
            // the worker it is like
            int w = s.processes().get(1).pid();
            page.eval("document.querySelector('#alike a[href=\"#p-" + w + "\"]').click()");
            assertTrue(page.eval("Math.abs(document.getElementById('p-" + w + "').getBoundingClientRect().top) < 2")
                    .asBoolean());
            page.screenshot(ARTIFACTS.resolve("alike-workers.png"));
        }
    }

    @Test
    void retainedIcicleRendersWithoutErrorsOrRequests() throws Exception {
        Files.createDirectories(ARTIFACTS);
        Snapshot s = LuaJitRetentionRenderTest.withRetention();
        Path html = ARTIFACTS.resolve("luajit-retention.html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            ReportFormat.HTML.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s),
                    ReportOptions.defaults(), w);
        }
        try (Page page = open(html)) {
            assertEquals(List.of(html.toUri().toString()), page.requestUrls(), "requests other than the file");
            assertEquals(List.of(), page.errors(), "console errors, exceptions or log errors");
            // the icicle: three bars laid out with their widths (two roots side by side, a child under the first)
            String icicle = "[...document.querySelectorAll('svg')].find(s => s.getAttribute('width') == '960')";
            assertEquals(3, page.eval(icicle + ".querySelectorAll('rect').length").asInt());
            assertEquals(Boolean.TRUE, page.eval("[..." + icicle + ".querySelectorAll('rect')].every(r => "
                    + "r.getBoundingClientRect().width > 0 && r.getBoundingClientRect().height > 0)").asBoolean(),
                    "every bar is drawn");
            // package.loaded retains 70% of the reachable 80%: 7/8 of the 960 pixels, its child just below it
            assertEquals(840, page.eval("Math.round(" + icicle + ".querySelectorAll('rect')[0].getBBox().width)")
                    .asInt());
            assertEquals(Boolean.TRUE, page.eval(icicle + ".textContent.includes('_G <b>x</b>')").asBoolean(),
                    "the hostile label is text");
            assertEquals(0, page.eval(icicle + ".querySelectorAll('b').length").asInt(), "no element from a label");
            page.screenshot(ARTIFACTS.resolve("luajit-retention.png"));
        }
    }

    @Test
    void harnessSeesRequestsAndErrors() throws Exception {
        // proves the checks above are not vacuous: this page makes one extra request and logs an error
        Path html = tmp.resolve("bad.html");
        Files.writeString(html, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\">"
                + "<script>console.error('boom')</script></body></html>", StandardCharsets.UTF_8);
        try (Page page = open(html)) {
            assertEquals(List.of(html.toUri().toString(), "http://127.0.0.1:9/x.png"), page.requestUrls());
            assertTrue(page.errors().stream().anyMatch(e -> e.contains("boom")), page.errors().toString());
        }
        // and a link whose target is not rendered does not count as landing
        Path hidden = tmp.resolve("hidden.html");
        Files.writeString(hidden, "<!DOCTYPE html><html><body><a href=\"#x\">x</a><div id=\"x\" style=\"display:none\">"
                + "x</div></body></html>", StandardCharsets.UTF_8);
        // a second Chromium needs its own profile directory
        try (Page page = Page.open(Files.createDirectories(tmp.resolve("second")), hidden)) {
            assertEquals(List.of("#x top 0"), page.linksNotLanding());
        }
    }

    /**
     * What the glibc chart draws, read from the browser's DOM: one stacked column per size class in histogram order,
     * in use (dark) at the bottom and free (light) on top, each bar's height in proportion to its bytes in the
     * snapshot. Swapped series, a changed value or a dropped class fail.
     */
    @Test
    void glibcChartDrawsTheHistogramInTheBrowser() throws Exception {
        String name = "linux6.18-x86_64-glibc2.36-c-fragmented";
        ProcessSnapshot p = StoredSnapshots.read(name).processes().get(0);
        List<String> series = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        List<Integer> column = new ArrayList<>();
        List<SizeClass> classes = p.glibc().orElseThrow().histogram();
        for (int i = 0; i < classes.size(); i++) {
            SizeClass c = classes.get(i);
            // this capture has no tcache, fastbin or mmapped chunks: free is the bin chunks alone
            assertEquals(0, c.tcacheBytes() + c.fastbinBytes() + c.mmappedBytes(), c.toString());
            if (c.usedBytes() > 0) {
                series.add(IN_USE);
                bytes.add(c.usedBytes());
                column.add(i);
            }
            if (c.freeBytes() > 0) {
                series.add(FREE);
                bytes.add(c.freeBytes());
                column.add(i);
            }
        }
        try (Page page = open(write(name))) {
            JsonNode bars = page.eval("[...document.querySelectorAll('svg#glibc-" + p.pid() + " rect')]"
                    + ".map(r => { const b = r.getBBox(); return [getComputedStyle(r).fill, b.x, b.y, b.height]; })"
                    + ".filter(a => a[0] === '" + IN_USE + "' || a[0] === '" + FREE + "')");
            List<String> drawn = new ArrayList<>();
            bars.forEach(b -> drawn.add(b.get(0).asText()));
            assertEquals(series, drawn, "series of the bars in document order");
            long maxBytes = bytes.stream().mapToLong(Long::longValue).max().orElseThrow();
            double maxHeight = 0;
            for (JsonNode b : bars) {
                maxHeight = Math.max(maxHeight, b.get(3).asDouble());
            }
            for (int i = 0; i < bars.size(); i++) {
                JsonNode b = bars.get(i);
                assertEquals((double) bytes.get(i) / maxBytes, b.get(3).asDouble() / maxHeight, 1e-4,
                        "bar " + i + " of class " + classes.get(column.get(i)));
                if (i > 0 && column.get(i).equals(column.get(i - 1))) {
                    JsonNode under = bars.get(i - 1);
                    assertEquals(under.get(1).asDouble(), b.get(1).asDouble(), 1e-6, "same column");
                    assertEquals(under.get(2).asDouble(), b.get(2).asDouble() + b.get(3).asDouble(), 1e-3,
                            "free stacked on in use");
                } else if (i > 0) {
                    assertTrue(b.get(1).asDouble() > bars.get(i - 1).get(1).asDouble(), "classes left to right");
                }
            }
        }
    }

    private Path write(String name) throws IOException {
        Files.createDirectories(ARTIFACTS);
        Snapshot s = StoredSnapshots.read(name);
        Path html = ARTIFACTS.resolve(name + ".html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            ReportFormat.HTML.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s),
                    ReportOptions.defaults(), w);
        }
        return html;
    }

    private Page open(Path html) throws Exception {
        return Page.open(tmp, html);
    }

    /** One loaded page in its own Chromium. */
    static final class Page implements AutoCloseable {
        private final Chromium chromium;
        private final DevTools devTools;
        private final String session;

        private Page(Chromium chromium, DevTools devTools, String session) {
            this.chromium = chromium;
            this.devTools = devTools;
            this.session = session;
        }

        static Page open(Path tmp, Path html) throws Exception {
            Chromium chromium = Chromium.start(tmp.resolve("profile"), tmp.resolve("chromium.log"));
            DevTools dt = null;
            try {
                dt = DevTools.connect(chromium.browserSocket());
                String target = dt.call(null, "Target.createTarget", DevTools.params().put("url", "about:blank"))
                        .get("targetId").asText();
                String session = dt.call(null, "Target.attachToTarget",
                        DevTools.params().put("targetId", target).put("flatten", true)).get("sessionId").asText();
                for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
                    dt.call(session, domain + ".enable", null);
                }
                dt.call(session, "Emulation.setDeviceMetricsOverride", DevTools.params().put("width", 1200)
                        .put("height", 900).put("deviceScaleFactor", 1).put("mobile", false));
                dt.call(session, "Page.navigate", DevTools.params().put("url", html.toUri().toString()));
                dt.await("Page.loadEventFired", 30);
                // late requests (a lazy image, a font) start by the time fonts are ready and two frames are laid
                // out; DevTools delivers the events they cause before this call's reply (one ordered socket)
                JsonNode settled = dt.call(session, "Runtime.evaluate", DevTools.params().put("expression",
                        "document.fonts.ready.then(() => new Promise(r => requestAnimationFrame("
                                + "() => requestAnimationFrame(() => r('settled')))))")
                        .put("awaitPromise", true).put("returnByValue", true));
                if (!"settled".equals(settled.path("result").path("value").asText())) {
                    throw new IOException("page did not settle after load: " + settled);
                }
                return new Page(chromium, dt, session);
            } catch (Exception e) {
                if (dt != null) {
                    dt.close();
                }
                chromium.close();
                throw e;
            }
        }

        List<String> requestUrls() {
            return devTools.events().stream()
                    .filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
                    .map(e -> e.path("params").path("request").path("url").asText())
                    .toList();
        }

        List<String> errors() {
            return devTools.events().stream().filter(Page::isError).map(JsonNode::toString).toList();
        }

        private static boolean isError(JsonNode e) {
            String method = e.path("method").asText();
            JsonNode p = e.path("params");
            return switch (method) {
                case "Runtime.exceptionThrown" -> true;
                case "Runtime.consoleAPICalled" -> List.of("error", "assert").contains(p.path("type").asText());
                case "Log.entryAdded" -> p.path("entry").path("level").asText().equals("error");
                default -> false;
            };
        }

        /**
         * Clicks every in-page link in turn and returns those after which their target is not at the top of the
         * viewport (or the page scrolled to its end, for a target too close to the end to reach the top) or is not
         * rendered (a folded parent would hide it).
         */
        List<String> linksNotLanding() throws IOException {
            JsonNode bad = eval("(() => { const bad = []; for (const a of document.querySelectorAll('a[href^=\"#\"]')) {"
                    + " a.click(); const t = document.getElementById(a.getAttribute('href').slice(1));"
                    + " const top = t.getBoundingClientRect().top;"
                    + " const end = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;"
                    + " if (t.getClientRects().length === 0 || !(Math.abs(top) < 2 || end && top >= 0))"
                    + " bad.push(a.getAttribute('href') + ' top ' + top); } return bad; })()");
            List<String> out = new java.util.ArrayList<>();
            bad.forEach(b -> out.add(b.asText()));
            return out;
        }

        JsonNode eval(String expression) throws IOException {
            JsonNode r = devTools.call(session, "Runtime.evaluate",
                    DevTools.params().put("expression", expression).put("returnByValue", true));
            if (r.has("exceptionDetails")) {
                throw new IOException(expression + ": " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        long screenshot(Path png) throws IOException {
            double height = devTools.call(session, "Page.getLayoutMetrics", null).path("cssContentSize")
                    .path("height").asDouble();
            var clip = DevTools.params().put("x", 0).put("y", 0).put("width", 1200)
                    .put("height", Math.min(height, 16_000)).put("scale", 1);
            var params = DevTools.params().put("format", "png").put("captureBeyondViewport", true);
            params.set("clip", clip);
            byte[] bytes = Base64.getDecoder().decode(
                    devTools.call(session, "Page.captureScreenshot", params).get("data").asText());
            Files.write(png, bytes);
            return bytes.length;
        }

        /** Prints with the print stylesheet (A4) to a PDF, as a ticket reader would. */
        long print(Path pdf) throws IOException {
            var params = DevTools.params().put("printBackground", true).put("paperWidth", 8.27)
                    .put("paperHeight", 11.69);
            byte[] bytes = Base64.getDecoder().decode(
                    devTools.call(session, "Page.printToPDF", params).get("data").asText());
            Files.write(pdf, bytes);
            return bytes.length;
        }

        @Override
        public void close() {
            try {
                devTools.call(null, "Browser.close", null);
            } catch (IOException e) {
                // the process is killed below either way
            } finally {
                devTools.close();
                chromium.close();
            }
        }
    }
}
