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
 * order given. An {@code <!-- @include FILE -->} comment is replaced, once at construction, by that resource without
 * its leading comments: every page includes {@code head.html}, so the charset, the Content-Security-Policy and the
 * stylesheet exist once. Immutable; thread-safe.
 */
final class TemplateFiller {
    /** Writes the content of one placeholder. */
    interface Section {
        void write(String name) throws IOException;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("<!-- @(\\w+) -->");
    private static final Pattern INCLUDE = Pattern.compile("<!-- @include ([\\w.-]+) -->\n");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("\\A(?:<!--.*?-->\\s*)+", Pattern.DOTALL);

    private final String name;
    private final String template;
    private final List<String> placeholders;

    TemplateFiller(String resource, List<String> placeholders) {
        this.name = resource;
        this.placeholders = List.copyOf(placeholders);
        Matcher m = INCLUDE.matcher(load(resource));
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(LEADING_COMMENTS.matcher(load(m.group(1))).replaceFirst("")));
        }
        this.template = m.appendTail(b).toString();
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
