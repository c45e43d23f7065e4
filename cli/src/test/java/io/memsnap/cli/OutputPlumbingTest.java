// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where reports and snapshots come from and go to: formats by name, stdin/stdout, pipes, permissions, inputs. */
class OutputPlumbingTest {
    private static final Path SNAPSHOTS = Fixtures.dir().resolve("src/main/resources/snapshots");
    private static final Path PSEUDO_LEAK =
            SNAPSHOTS.resolve("linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak.json.gz");
    private static final Path FRAGMENTED = SNAPSHOTS.resolve("linux6.18-x86_64-glibc2.36-c-fragmented.json.gz");

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(InputStream in, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(in, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private int run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    @Test
    void formatFollowsTheOutputName() {
        assertEquals(OutputFormat.HTML, OutputOptions.formatOf("r.html"));
        assertEquals(OutputFormat.HTML, OutputOptions.formatOf("R.HTM"));
        assertEquals(OutputFormat.JSON, OutputOptions.formatOf("r.json"));
        assertEquals(OutputFormat.JSON, OutputOptions.formatOf("r.json.gz"));
        assertEquals(OutputFormat.TEXT, OutputOptions.formatOf("r.txt"));
        assertEquals(OutputFormat.TEXT, OutputOptions.formatOf("report"));
        assertEquals(OutputFormat.PPROF, OutputOptions.formatOf("s.pb.gz"));
        assertEquals(OutputFormat.PROMETHEUS, OutputOptions.formatOf("memsnap.prom"));
    }

    @Test
    void outputFilesAreWrittenInTheFormatTheirNameSays() throws IOException {
        Path html = tmp.resolve("r.html");
        assertEquals(0, run("report", PSEUDO_LEAK.toString(), "-o", html.toString()), err.toString());
        assertEquals("", out.toString());
        assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
        Path gz = tmp.resolve("r.json.gz");
        assertEquals(0, run("report", PSEUDO_LEAK.toString(), "-o", gz.toString()), err.toString());
        assertTrue(gunzip(gz).startsWith("{"), "gzip JSON");
        Path txt = tmp.resolve("r.txt");
        assertEquals(0, run("report", PSEUDO_LEAK.toString(), "-o", txt.toString(), "--format", "json"));
        assertTrue(Files.readString(txt).startsWith("{"), "--format wins over the name");
    }

    @Test
    void theOutputNeverReplacesTheInput() throws IOException {
        Path snap = Files.copy(PSEUDO_LEAK, tmp.resolve("s.json.gz"));
        byte[] before = Files.readAllBytes(snap);
        String[][] cases = {
            {"report", snap.toString(), "-o", snap.toString()},
            {"report", snap.toString(), "-o", tmp.resolve(".").resolve("s.json.gz").toString()},
            {"snapshot", snap.toString(), "-o", snap.toString()},
        };
        for (String[] c : cases) {
            assertEquals(2, run(c), String.join(" ", c));
            assertEquals("memsnap: -o " + c[3] + " is the input file; memsnap never overwrites its input, choose "
                    + "another name\n", err.toString());
            assertArrayEquals(before, Files.readAllBytes(snap));
        }
    }

    @Test
    void filesAreCreatedReadableByTheOwnerOnly() throws IOException {
        Path existing = Files.writeString(tmp.resolve("old.txt"), "old report");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));
        Path snap = tmp.resolve("s.json.gz");
        assertEquals(0, run("snapshot", PSEUDO_LEAK.toString(), "-o", snap.toString()), err.toString());
        assertEquals(0, run("report", snap.toString(), "-o", existing.toString()), err.toString());
        for (Path p : new Path[] {snap, existing}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        assertTrue(Files.readString(existing).contains("PROCESS"), "replaced");
        try (var listing = Files.list(tmp)) {
            assertEquals(2, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void dashReadsStdinAndTheStderrLineNamesIt() throws IOException {
        byte[] gz = Files.readAllBytes(PSEUDO_LEAK);
        assertEquals(0, run(new ByteArrayInputStream(gz), "report", "-"), err.toString());
        String fromStdin = out.toString();
        assertTrue(err.toString().startsWith("memsnap: snapshot stdin (pid "), err.toString());
        assertEquals(0, run("report", PSEUDO_LEAK.toString()));
        assertEquals(fromStdin, out.toString());
        assertTrue(err.toString().startsWith("memsnap: snapshot " + PSEUDO_LEAK + " (pid "), err.toString());
    }

    @Test
    void aFifoIsReadOnce() throws Exception {
        Path fifo = tmp.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                Files.copy(FRAGMENTED, o);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(0, run("report", fifo.toString()), err.toString());
        writer.get(10, TimeUnit.SECONDS);
        assertTrue(out.toString().contains("PROCESS"), out.toString());
    }

    @Test
    void snapshotDashWritesStdoutAndNoFileNamedDash() throws IOException {
        assertEquals(0, run("snapshot", FRAGMENTED.toString(), "-o", "-"), err.toString());
        assertTrue(out.toString().startsWith("{") && out.toString().contains("\"memsnap-snapshot/1\""));
        assertFalse(Files.exists(Path.of("-")), "a file named -");
        assertTrue(err.toString().endsWith(" -> stdout in " + err.toString().replaceAll("(?s).* in ", "")));
        // what went to stdout reads back as the same snapshot
        byte[] json = out.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(0, run(new ByteArrayInputStream(json), "report", "-"), err.toString());
        String viaStdout = out.toString();
        assertEquals(0, run("report", FRAGMENTED.toString()));
        assertEquals(out.toString(), viaStdout);
    }

    @Test
    void failOnExitsSevenAfterWritingTheReport() throws IOException {
        // the fragmented C program has warnings and no critical finding; the pseudo-leak has a critical one
        Path r = tmp.resolve("r.txt");
        assertEquals(7, run("report", FRAGMENTED.toString(), "--fail-on", "warning", "-o", r.toString()));
        assertTrue(Files.readString(r).contains("WARNING"), "the report is still written");
        assertEquals(0, run("report", FRAGMENTED.toString(), "--fail-on", "critical"));
        assertEquals(7, run("report", PSEUDO_LEAK.toString(), "--fail-on", "critical"));
        assertEquals(0, run("report", PSEUDO_LEAK.toString()));
        assertEquals(2, run("report", PSEUDO_LEAK.toString(), "--fail-on", "info"));
    }

    private static String gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
