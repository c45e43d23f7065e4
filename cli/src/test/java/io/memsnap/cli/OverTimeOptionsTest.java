// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** Durations, MemAvailable parsing and the series directory, without a live process. */
class OverTimeOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void feedsFromASavedSnapshot() throws Exception {
        Path snap = io.memsnap.fixtures.Fixtures.dir().resolve("src/main/resources/snapshots/"
                + "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak.json.gz");
        OverTimeCli cli = new OverTimeCli();
        assertEquals(2, cli.run("report", snap.toString(), "--format", "pprof"));
        assertEquals(true, cli.err.toString().contains("--format pprof is binary: give -o FILE"), cli.err.toString());
        Path pb = tmp.resolve("s.pb.gz");
        cli.check(cli.run("report", snap.toString(), "--format", "pprof", "-o", pb.toString()));
        assertEquals(0x1f, Files.readAllBytes(pb)[0] & 0xff, "gzip magic");
        Path prom = tmp.resolve("s.prom");
        cli.check(cli.run("report", snap.toString(), "--format", "prometheus", "-o", prom.toString()));
        assertEquals(true, Files.readString(prom).contains("\nmemsnap_rss_bytes{pid=\""), Files.readString(prom));
        assertEquals(List.of("s.pb.gz", "s.prom"), Files.list(tmp).map(p -> p.getFileName().toString()).sorted()
                .toList(), "no temp file left behind");
    }

    @Test
    void durations() {
        DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), c.convert("30s"));
        assertEquals(Duration.ofMinutes(90), c.convert("1h30m"));
        assertEquals(Duration.ofDays(1), c.convert("1d"));
        for (String bad : new String[] {"", "10", "0s", "5x", "m5", "1h 30m"}) {
            assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
        }
    }

    @Test
    void memAvailableFromARealMeminfoLayout() {
        String meminfo = """
                MemTotal:       24684012 kB
                MemFree:        21898212 kB
                MemAvailable:   23725420 kB
                Buffers:          103244 kB
                """;
        assertEquals(OptionalLong.of(23725420L * 1024), MemInfo.parseMemAvailable(meminfo));
        assertEquals(OptionalLong.empty(), MemInfo.parseMemAvailable("MemTotal: 1 kB\n"));
    }

    @Test
    void samplesAreNumberedPastDeletedOnesAndReadBackInOrderWithMemAvailable() throws Exception {
        SeriesStore store = new SeriesStore(tmp);
        for (int i = 0; i < 3; i++) {
            store.append(new Snapshot(Snapshot.FORMAT, "2026-11-21T00:0" + i + ":00Z", "pid 1",
                    new HostInfo("6.1", 4096, "t"), List.of()), OptionalLong.of(1000 + i));
        }
        Files.delete(tmp.resolve("sample-000001.json.gz"));
        Path next = store.append(new Snapshot(Snapshot.FORMAT, "2026-11-21T00:03:00Z", "pid 1",
                new HostInfo("6.1", 4096, "t"), List.of()), OptionalLong.empty());
        assertEquals("sample-000004.json.gz", next.getFileName().toString());
        var samples = store.load();
        assertEquals(List.of("2026-11-21T00:01:00Z", "2026-11-21T00:02:00Z", "2026-11-21T00:03:00Z"),
                samples.stream().map(s -> s.snapshot().capturedAt()).toList());
        assertEquals(List.of(OptionalLong.of(1001), OptionalLong.of(1002), OptionalLong.empty()),
                samples.stream().map(s -> s.memAvailableBytes()).toList());
    }
}
