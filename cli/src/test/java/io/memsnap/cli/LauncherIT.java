// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout launcher {@code ./memsnap} in a copy of the checkout's layout, with a stand-in {@code mvn} on the PATH
 * that prints Maven-style escape codes: a rebuild is announced in one line and Maven's output stays out of sight
 * unless the build fails; the class data sharing archive is dumped once per jar and used.
 */
@EnabledOnOs(OS.LINUX)
class LauncherIT {
    private static final String REBUILDING =
            "memsnap: a source is newer than cli/target/memsnap.jar; rebuilding it (about a minute) ...\n";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private Run launch(String mvnScript) throws IOException, InterruptedException {
        return launch(mvnScript, null);
    }

    private Run launch(String mvnScript, String javaOpts) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\n" + mvnScript);
        mvn.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(tmp.resolve("memsnap").toString(), "--version");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        if (javaOpts != null) {
            pb.environment().put("MEMSNAP_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    private Path layOut() throws IOException {
        Path root = Fixtures.repoRoot();
        Path launcher = Files.copy(root.resolve("memsnap"), tmp.resolve("memsnap"));
        launcher.toFile().setExecutable(true);
        Path jar = Files.createDirectories(tmp.resolve("cli/target")).resolve("memsnap.jar");
        Files.copy(root.resolve("cli/target/memsnap.jar"), jar);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(Files.createDirectories(tmp.resolve("cli/src/main/java")).resolve("New.java"), "");
        return jar;
    }

    @Test
    void aRebuildIsOneQuietLine() throws Exception {
        layOut();
        String fakeBuild = "printf '\\033[1mINFO\\033[m compiling\\n'; printf '\\033[33mWARNING\\033[m x\\n' >&2; "
                + "touch cli/target/memsnap.jar\n";
        Run first = launch(fakeBuild);
        assertEquals(0, first.code(), first.err());
        assertEquals(REBUILDING, first.err());
        assertTrue(first.out().startsWith("memsnap "), first.out());
        Run second = launch("echo mvn must not run >&2; exit 3\n");
        assertEquals(0, second.code(), second.err());
        assertEquals("", second.err(), "an up-to-date jar is not rebuilt");
    }

    @Test
    void theClassArchiveIsDumpedOncePerJarAndUsed() throws Exception {
        layOut();
        Path list = Files.createDirectories(tmp.resolve("cli/src/main/cds")).resolve("memsnap.classlist");
        Files.copy(Fixtures.repoRoot().resolve("cli/src/main/cds/memsnap.classlist"), list);
        Files.setLastModifiedTime(list, FileTime.from(Instant.now().minusSeconds(7200)));
        Files.delete(tmp.resolve("cli/src/main/java/New.java"));
        Path jsa = tmp.resolve("cli/target/memsnap.jsa");
        String noBuild = "echo mvn must not run >&2; exit 3\n";
        // -Xshare:on makes the JVM fail when it cannot map the archive (wrong class path, another JDK)
        Run first = launch(noBuild, "-XX:+UseSerialGC -Xshare:on");
        assertEquals(0, first.code(), first.err());
        assertEquals("", first.err());
        assertTrue(first.out().startsWith("memsnap "), first.out());
        assertTrue(Files.isRegularFile(jsa));
        FileTime dumped = Files.getLastModifiedTime(jsa);
        Run second = launch(noBuild, "-XX:+UseSerialGC -Xshare:on");
        assertEquals(0, second.code(), second.err());
        assertEquals(first.out(), second.out());
        assertEquals(dumped, Files.getLastModifiedTime(jsa), "an archive newer than the jar is not dumped again");
    }

    @Test
    void aFailedDumpIsTriedOnceMoreThenAgainForANewJar() throws Exception {
        Path jar = layOut();
        Path list = Files.createDirectories(tmp.resolve("cli/src/main/cds")).resolve("memsnap.classlist");
        Files.copy(Fixtures.repoRoot().resolve("cli/src/main/cds/memsnap.classlist"), list);
        Files.setLastModifiedTime(list, FileTime.from(Instant.now().minusSeconds(7200)));
        Files.delete(tmp.resolve("cli/src/main/java/New.java"));
        Path jsa = tmp.resolve("cli/target/memsnap.jsa");
        Path failed = tmp.resolve("cli/target/memsnap.jsa.failed");
        // a stand-in java that counts dump attempts and fails them while the file "fail" exists, else the real one
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path dumps = tmp.resolve("dumps");
        Path fail = Files.writeString(tmp.resolve("fail"), "");
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do\n"
                + "  if [ \"$a\" = -Xshare:dump ]; then echo dump >>'" + dumps + "'; [ -f '" + fail + "' ] && exit 1; fi\n"
                + "done\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        java.toFile().setExecutable(true);
        String noBuild = "echo mvn must not run >&2; exit 3\n";
        for (int run = 1; run <= 3; run++) {
            Run r = launch(noBuild);
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err(), "a failed dump is silent");
            assertTrue(r.out().startsWith("memsnap "), r.out());
            // the first failure is tried again on the next run; after the second, not for this jar
            assertEquals(Math.min(run, 2), Files.readAllLines(dumps).size(), "dump attempts after run " + run);
            assertFalse(Files.exists(jsa));
            assertEquals(Integer.toString(Math.min(run, 2)), Files.readString(failed).trim());
        }
        Files.delete(fail);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Run fresh = launch(noBuild);
        assertEquals(0, fresh.code(), fresh.err());
        assertEquals(3, Files.readAllLines(dumps).size(), "a new jar is tried again");
        assertTrue(Files.isRegularFile(jsa));
        assertFalse(Files.exists(failed), "a dump that worked clears the marker");
    }

    @Test
    void aFailedRebuildShowsMavensOutputWithoutEscapeCodes() throws Exception {
        layOut();
        Run r = launch("printf '\\033[1;31m[ERROR]\\033[m cannot find symbol\\n'; exit 1\n");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith(REBUILDING + "[ERROR] cannot find symbol\nmemsnap: the build failed; the full "
                + "log is "), r.err());
        assertFalse(r.err().contains("\033"), r.err());
        assertEquals("", r.out());
    }
}
