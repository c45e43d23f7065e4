// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import io.memsnap.report.html.HtmlEscaper;
import io.memsnap.snapshot.model.trace.LeakTrace;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The leak trace as a section of the HTML report ({@code memsnap report --trace}): the trace's text summary (top
 * leak paths in words), escaped, in a {@code <pre>}; no script or style, so the report's CSP holds. It goes in
 * before {@code </body>}. Stateless.
 */
public final class TraceSection {
    private TraceSection() {}

    /** {@code html} (a whole report page) with the section for {@code trace} added at the end of its body. */
    public static String addTo(String html, LeakTrace trace, int top) throws IOException {
        StringWriter text = new StringWriter();
        TraceSummary.write(trace, top, text);
        String section = "<section id=\"leak-trace\"><h2>Leak trace (memsnap trace)</h2>\n<pre>"
                + HtmlEscaper.escape(text.toString()) + "</pre></section>\n";
        int at = html.lastIndexOf("</body>");
        if (at < 0) {
            throw new IllegalArgumentException("the report has no </body>");
        }
        return html.substring(0, at) + section + html.substring(at);
    }
}
