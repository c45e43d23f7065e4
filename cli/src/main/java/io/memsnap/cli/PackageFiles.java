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
import java.util.zip.GZIPOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build step (run by cli/pom.xml in {@code package}): writes the man page and the bash completion script that the
 * Debian package ships, both generated from the picocli model. Not part of the memsnap command.
 */
public final class PackageFiles {
    private PackageFiles() {}

    /** {@code args[0]}: the directory to write {@code memsnap.1.gz} and {@code memsnap.bash} into. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        CommandLine root = Main.commandLine(InputStream.nullInputStream(), new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()), false);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("memsnap.1.gz")));
                PrintWriter w = new PrintWriter(o, false, StandardCharsets.UTF_8)) {
            String date = VersionProvider.buildDate();
            ManPage.write(root, date.length() >= 10 ? date.substring(0, 10) : date, w);
        }
        Files.writeString(dir.resolve("memsnap.bash"), completion(root), StandardCharsets.UTF_8);
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
        return picocli + "\n" + wrapper.replace("@COMMANDS@", String.join(" ", root.getSubcommands().keySet()));
    }
}
