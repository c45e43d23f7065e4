// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams an HTML template from this package's resources and fills its {@code <!-- @name -->} placeholders in the
 * order given. A {@code <!-- @style: ... -->} comment (no {@code >} inside) becomes the {@code <style>} element of {@code report.html}, so
 * every report shares one stylesheet. Immutable; thread-safe.
 */
final class TemplateFiller {
    /** Writes the content of one placeholder. */
    interface Section {
        void write(String name) throws IOException;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("<!-- @(\\w+) -->");
    private static final Pattern STYLE_PLACEHOLDER = Pattern.compile("<!-- @style:[^>]*-->");
    private static final Pattern STYLE = Pattern.compile("<style>.*?</style>", Pattern.DOTALL);

    private final String name;
    private final String template;
    private final List<String> placeholders;

    TemplateFiller(String resource, List<String> placeholders) {
        this.name = resource;
        this.placeholders = List.copyOf(placeholders);
        Matcher style = STYLE.matcher(load("report.html"));
        if (!style.find()) {
            throw new IllegalStateException("report.html has no <style> element");
        }
        this.template = STYLE_PLACEHOLDER.matcher(load(resource)).replaceFirst(Matcher.quoteReplacement(style.group()));
    }

    private static String load(String resource) {
        try (InputStream in = TemplateFiller.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the report jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void fill(Writer out, Section sections) throws IOException {
        Matcher m = PLACEHOLDER.matcher(template);
        int from = 0;
        int index = 0;
        while (m.find()) {
            out.write(template, from, m.start() - from);
            if (index >= placeholders.size() || !placeholders.get(index).equals(m.group(1))) {
                throw new IllegalStateException(name + ": placeholder @" + m.group(1) + " out of order, expected "
                        + placeholders);
            }
            sections.write(m.group(1));
            index++;
            from = m.end();
        }
        if (index != placeholders.size()) {
            throw new IllegalStateException(name + " has " + index + " of the placeholders " + placeholders);
        }
        out.write(template, from, template.length() - from);
        out.flush();
    }
}
