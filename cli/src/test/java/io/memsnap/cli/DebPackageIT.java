// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The Debian package that {@code mvn package} builds (cli/target/memsnap.deb): lintian finds no error and no
 * warning, then it is installed with dpkg as CI does: {@code memsnap --version} and a capture of a fixture through
 * /usr/bin/memsnap, the man page, completion, copyright and changelog in place, then removed again.
 */
@EnabledOnOs(OS.LINUX)
class DebPackageIT {
    private static final Path DEB = Fixtures.repoRoot().resolve("cli/target/memsnap.deb");

    /** Exit code and stdout+stderr of a command. */
    private record Run(int code, String output) {}

    private static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", cmd));
        return new Run(p.exitValue(), out);
    }

    /**
     * The lintian tags accepted, with the reason. Only one, of level I (information):
     * arch-dep-package-has-big-usr-share, because the package is amd64 (memsnap reads x86-64 targets: struct
     * offsets, registers, the JNA native library inside the jar) while the jar itself lives in /usr/share/memsnap.
     */
    private static final List<String> ACCEPTED = List.of("I: memsnap: arch-dep-package-has-big-usr-share");

    @Test
    void lintianFindsNoErrorOrWarning() throws Exception {
        assertTrue(Files.isRegularFile(DEB), "mvn package builds " + DEB);
        Run lintian = run("lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", "--display-info",
                DEB.toString());
        List<String> tags = lintian.output().lines().filter(l -> l.matches("[EWIXP]: .*"))
                .map(l -> l.replaceFirst("^(\\S+ \\S+ \\S+).*", "$1")).toList();
        assertEquals(ACCEPTED, tags, lintian.output());
        assertEquals(0, lintian.code(), lintian.output());
        Run fields = run("dpkg-deb", "--field", DEB.toString(), "Maintainer");
        assertEquals(PackageFiles.MAINTAINER + "\n", fields.output(), "one field: dpkg-deb prints its value");
    }

    @Test
    void installsRunsAndRemoves() throws Exception {
        assertTrue(Files.isRegularFile(DEB), "mvn package builds " + DEB);
        Run info = run("dpkg-deb", "--field", DEB.toString(), "Package", "Depends", "Architecture");
        assertEquals("Package: memsnap\nDepends: openjdk-17-jre-headless | java17-runtime-headless\n"
                + "Architecture: amd64\n", info.output());
        assertFalse(Files.exists(Path.of("/usr/bin/memsnap")), "memsnap is already installed on this machine");
        try {
            Run install = run("dpkg", "-i", DEB.toString());
            assertEquals(0, install.code(), install.output());
            Run version = run("/usr/bin/memsnap", "--version");
            assertEquals(0, version.code(), version.output());
            assertEquals("memsnap " + VersionProvider.version() + "\n", version.output().lines().findFirst().get()
                    + "\n");
            assertTrue(version.output().matches("(?s).*\ncommit [0-9a-f]{12}(-dirty)?\nbuilt \\d{4}-.*"),
                    version.output());
            try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("known_allocs").toString()))) {
                Run report = run("/usr/bin/memsnap", "-p", Integer.toString(fx.pid()), "-q");
                assertEquals(0, report.code(), report.output());
                assertTrue(report.output().contains("PROCESS " + fx.pid() + " (other"), report.output());
                assertTrue(report.output().contains("glibc 2.36"), report.output());
            }
            assertTrue(Files.isRegularFile(Path.of("/usr/share/man/man1/memsnap.1.gz")));
            Run man = run("man", "-w", "memsnap");
            assertEquals("/usr/share/man/man1/memsnap.1.gz\n", man.output());
            String completion = Files.readString(Path.of("/usr/share/bash-completion/completions/memsnap"));
            assertTrue(completion.contains("complete -F _memsnap_complete -o default memsnap"), "completion");
            String copyright = Files.readString(Path.of("/usr/share/doc/memsnap/copyright"));
            assertTrue(copyright.contains("Files: *\nCopyright: 2026 memsnap developers\nLicense: Apache-2.0\n"),
                    copyright);
            Run changelog = run("sh", "-c", "zcat /usr/share/doc/memsnap/changelog.gz | head -1");
            assertEquals("memsnap (" + PackageFiles.debianVersion(VersionProvider.version()) + ") unstable; "
                    + "urgency=medium\n", changelog.output());
        } finally {
            Run remove = run("dpkg", "-r", "memsnap");
            assertEquals(0, remove.code(), remove.output());
        }
        assertFalse(Files.exists(Path.of("/usr/bin/memsnap")), "removed");
    }
}
