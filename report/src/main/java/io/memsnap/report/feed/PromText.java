// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import io.memsnap.analyzer.measure.MeasureKey;
import java.io.IOException;
import java.io.Writer;

/** Writes Prometheus text exposition lines: HELP and TYPE (all gauges) and samples with escaped labels. */
final class PromText {
    private final Writer out;

    PromText(Writer out) {
        this.out = out;
    }

    void help(String metric, String text) throws IOException {
        out.write("# HELP " + metric + " " + text.replace("\\", "\\\\").replace("\n", "\\n") + "\n");
        out.write("# TYPE " + metric + " gauge\n");
    }

    void sample(String metric, String labels, double value) throws IOException {
        out.write(metric + (labels.isEmpty() ? "" : "{" + labels + "}") + " " + number(value) + "\n");
    }

    /** The {@code layer, group, item} labels of a measure. */
    static String key(MeasureKey k) {
        return "layer=\"" + escape(k.layer()) + "\",group=\"" + escape(k.group()) + "\",item=\"" + escape(k.name())
                + "\"";
    }

    /** A label value with backslash, double quote and newline escaped. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return Double.toString(v); // shortest exact form; Prometheus parses Go floats, "1.5E9" included
    }
}
