// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.series.SeriesSample;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A watch directory: compact snapshots {@code sample-000001.json.gz}, ... (no mapping list, no string previews) and
 * {@code series.tsv}, one line per sample: file name, tab, the host's MemAvailable in bytes. A later watch into the
 * same directory continues the numbering, so a timer running {@code watch --count 1} builds a series too.
 */
final class SeriesStore {
    static final String INDEX = "series.tsv";
    private final Path dir;

    SeriesStore(Path dir) {
        this.dir = dir;
    }

    /** Writes one sample and indexes it; returns the file written. */
    Path append(Snapshot snapshot, OptionalLong memAvailable) throws IOException {
        Files.createDirectories(dir);
        // one past the highest number, so deleting old samples (retention) never makes a name come back
        int next = sampleFiles().stream().mapToInt(p -> Integer.parseInt(p.getFileName().toString()
                .replaceAll("\\D", ""))).max().orElse(0) + 1;
        Path file = dir.resolve(String.format(Locale.ROOT, "sample-%06d.json.gz", next));
        SnapshotCodec.create().write(compact(snapshot), file);
        Files.writeString(dir.resolve(INDEX), file.getFileName() + "\t"
                + (memAvailable.isPresent() ? String.valueOf(memAvailable.getAsLong()) : "") + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }

    /** Every sample in file order. */
    List<SeriesSample> load() {
        try {
            Map<String, OptionalLong> avail = new HashMap<>();
            Path index = dir.resolve(INDEX);
            if (Files.isRegularFile(index)) {
                for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", -1);
                    if (f.length == 2 && !f[1].isEmpty()) {
                        avail.put(f[0], OptionalLong.of(Long.parseLong(f[1])));
                    }
                }
            }
            List<SeriesSample> out = new ArrayList<>();
            for (Path p : sampleFiles()) {
                out.add(new SeriesSample(SnapshotCodec.create().read(p),
                        avail.getOrDefault(p.getFileName().toString(), OptionalLong.empty())));
            }
            if (out.isEmpty()) {
                throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, dir + ": no samples (sample-*.json.gz "
                        + "from 'memsnap watch')");
            }
            return out;
        } catch (IOException | NumberFormatException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, dir + ": cannot read the series: "
                    + e.getMessage(), e);
        }
    }

    private List<Path> sampleFiles() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("sample-\\d+\\.json\\.gz")).sorted().toList();
        }
    }

    /** The snapshot without its mapping lists and string previews: what a series needs, a fraction of the size. */
    static Snapshot compact(Snapshot s) {
        List<ProcessSnapshot> ps = s.withoutStringPreviews().processes().stream()
                .map(p -> new ProcessSnapshot(p.pid(), p.ppid(), p.role(), p.name(), p.cmdline(), p.exe(),
                        p.rssBytes(), p.status(), p.cgroupMemoryLimitBytes(), p.freezePauseMillis(), List.of(),
                        p.breakdown(), p.glibc(), p.luajit(), p.warnings()))
                .toList();
        return new Snapshot(s.format(), s.capturedAt(), s.source(), s.host(), ps);
    }
}
