// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version, git commit and build date, from {@code build.properties} that the build fills in; a value the build
 * did not fill in (no git checkout, classes not built by Maven) reads {@code unknown}.
 */
final class VersionProvider implements IVersionProvider {
    private static final Properties BUILD = load();

    /** The memsnap version, e.g. {@code 0.1.0}. */
    static String version() {
        return value("version");
    }

    /** The git commit the build was made from, {@code -dirty} if the work tree had changes. */
    static String commit() {
        return value("commit");
    }

    /** The build time, ISO-8601 UTC. */
    static String buildDate() {
        return value("date");
    }

    /** What a snapshot records as {@code memsnap_version}: version, commit and build date. */
    static String recorded() {
        return version() + " (commit " + commit() + ", built " + buildDate() + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"memsnap " + version(), "commit " + commit(), "built " + buildDate()};
    }

    private static String value(String key) {
        String v = BUILD.getProperty(key, "");
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties from the memsnap jar", e);
        }
        return p;
    }
}
