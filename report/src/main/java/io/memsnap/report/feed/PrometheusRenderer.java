// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.measure.Measure;
import io.memsnap.analyzer.measure.Measures;
import io.memsnap.report.Renderer;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot in the Prometheus text exposition format, for node_exporter's textfile collector. Stable metric names:
 * {@code memsnap_rss_bytes{pid,role}}, {@code memsnap_bytes{pid,role,layer,group,item}} and
 * {@code memsnap_items{...}} (every measure of every layer: {@code layer="rss",group="category"} is the RSS
 * breakdown, {@code layer="glibc",group="heap",item="free resident"} glibc's free resident memory,
 * {@code layer="luajit",group="allocator",item="free retained"} LuaJIT's, later {@code layer="nginx"} pools by owner
 * and zones), {@code memsnap_findings{pid,id,severity}} and {@code memsnap_capture_timestamp_seconds}. Writing the
 * file atomically is the caller's job. Stateless.
 */
public final class PrometheusRenderer implements Renderer {
    @Override
    public void render(Snapshot snapshot, List<Finding> findings, ReportOptions options, Writer out)
            throws IOException {
        PromText t = new PromText(out);
        t.help("memsnap_capture_timestamp_seconds", "When memsnap captured the processes (Unix time).");
        t.sample("memsnap_capture_timestamp_seconds", "", epochSeconds(snapshot.capturedAt()));
        t.help("memsnap_rss_bytes", "Resident set size of a process: the sum of its smaps Rss.");
        for (ProcessSnapshot p : snapshot.processes()) {
            t.sample("memsnap_rss_bytes", proc(p), p.rssBytes());
        }
        t.help("memsnap_bytes", "Bytes of one memsnap measure (layer/group/item) of a process.");
        for (ProcessSnapshot p : snapshot.processes()) {
            for (Measure m : Measures.of(p)) {
                t.sample("memsnap_bytes", proc(p) + "," + PromText.key(m.key()), m.bytes());
            }
        }
        t.help("memsnap_items", "Items (chunks, objects) of one memsnap measure of a process, where counted.");
        for (ProcessSnapshot p : snapshot.processes()) {
            for (Measure m : Measures.of(p)) {
                if (m.count().isPresent()) {
                    t.sample("memsnap_items", proc(p) + "," + PromText.key(m.key()), m.count().getAsLong());
                }
            }
        }
        t.help("memsnap_findings", "1 for each finding memsnap reports about a process.");
        for (Finding f : findings) {
            t.sample("memsnap_findings", "pid=\"" + f.pid() + "\",id=\"" + PromText.escape(f.id())
                    + "\",severity=\"" + f.severity().name().toLowerCase(Locale.ROOT) + "\"", 1);
        }
        out.flush();
    }

    private static String proc(ProcessSnapshot p) {
        return "pid=\"" + p.pid() + "\",role=\"" + p.role().key() + "\"";
    }

    static double epochSeconds(String instant) {
        try {
            return Instant.parse(instant).toEpochMilli() / 1000.0;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
