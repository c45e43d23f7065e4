// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build step (run by cli/pom.xml in {@code package}): writes the man page and the bash completion script that the
 * Debian package ships, both generated from the picocli model, and the package's Debian changelog. Not part of the
 * memsnap command.
 */
public final class PackageFiles {
    /** The package's maintainer, as in cli/src/deb/control/control (a reserved .invalid host: no mailbox). */
    static final String MAINTAINER = "memsnap developers <memsnap@memsnap.invalid>";

    private PackageFiles() {}

    /**
     * {@code args[0]}: the directory to write {@code memsnap.1.gz}, {@code memsnap.bash} and {@code changelog.gz}
     * into; {@code args[1]}: the Maven version, e.g. {@code 0.1.0-SNAPSHOT}.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        CommandLine root = Main.commandLine(InputStream.nullInputStream(), new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()), false);
        String date = VersionProvider.buildDate();
        try (PrintWriter w = gzip(dir.resolve("memsnap.1.gz"))) {
            ManPage.write(root, date.length() >= 10 ? date.substring(0, 10) : date, w);
        }
        try (PrintWriter w = gzip(dir.resolve("changelog.gz"))) {
            w.print(changelog(debianVersion(args[1]), VersionProvider.commit(), date));
        }
        Files.writeString(dir.resolve("memsnap.bash"), completion(root), StandardCharsets.UTF_8);
    }

    /**
     * A writer into a gzip file at the best compression, as Debian wants for manuals and changelogs. Its header says
     * so: {@link GZIPOutputStream} writes XFL 0 whatever the level, so {@link #close} sets XFL to 2 ("maximum
     * compression", RFC 1952 2.3.1), which is what lintian reads.
     */
    private static PrintWriter gzip(Path file) throws IOException {
        OutputStream o = new GZIPOutputStream(Files.newOutputStream(file)) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }

            @Override
            public void close() throws IOException {
                super.close();
                try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    c.write(java.nio.ByteBuffer.wrap(new byte[] {2}), 8);
                }
            }
        };
        return new PrintWriter(o, false, StandardCharsets.UTF_8);
    }

    /** The version as jdeb writes it into the package: {@code -SNAPSHOT} becomes {@code ~SNAPSHOT}. */
    static String debianVersion(String mavenVersion) {
        return mavenVersion.replace("-SNAPSHOT", "~SNAPSHOT");
    }

    /** The one-entry Debian changelog of a build: its version, its commit, its date (RFC 5322). */
    static String changelog(String version, String commit, String isoDate) {
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(isoDate);
        } catch (DateTimeParseException e) {
            at = OffsetDateTime.parse("1970-01-01T00:00:00Z");
        }
        return "memsnap (" + version + ") unstable; urgency=medium\n\n"
                + "  * Built from commit " + commit + " (changes: the git history).\n\n"
                + " -- " + MAINTAINER + "  "
                + at.format(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)) + "\n";
    }

    /** picocli's completion for commands and options, wrapped so that -p/--pid offers nginx and luajit pids. */
    static String completion(CommandLine root) {
        String picocli = AutoComplete.bash("memsnap", root);
        // picocli registers _complete_memsnap; ours runs first and hands everything but pids to it
        String wrapper;
        try (InputStream in = PackageFiles.class.getResourceAsStream("completion-pids.bash")) {
            wrapper = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a completion script is sourced, not run: no #! line (lintian: bash-completion-with-hashbang)
        picocli = picocli.startsWith("#!") ? picocli.substring(picocli.indexOf('\n') + 1) : picocli;
        return picocli + "\n" + wrapper.replace("@COMMANDS@", String.join(" ", root.getSubcommands().keySet()));
    }
}
