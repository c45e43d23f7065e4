// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report chart (JFreeChart SVG) shows, without what depends on the fonts of the machine that drew it: the
 * bars in drawing order, each as its series (by colour) and its width and height relative to the widest and
 * tallest bar (so value ratios and series order count, the plot size that text metrics decide does not), the
 * value labels, and the other texts (legend, category and axis labels) joined by spaces, leaving out the range
 * axis tick numbers (how many fit depends on the text widths). Positions of texts are dropped.
 */
public final class ChartDigest {
    private static final Pattern RECT = Pattern.compile(
            "<rect x='[^']*' y='[^']*' width='([^']*)' height='([^']*)' style='fill:rgb\\((\\d+,\\d+,\\d+)\\)'");
    private static final Pattern TEXT = Pattern.compile("<text ([^>]*)>([^<]*)</text>");
    private static final List<String> SERIES = List.of("47,93,138", "201,214,227", "163,92,0");
    private static final Pattern TICK = Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?");

    private ChartDigest() {}

    /** The digest of one {@code <svg>...</svg>} element, as one line. */
    public static String of(String svg) {
        List<double[]> bars = new ArrayList<>();
        List<Integer> series = new ArrayList<>();
        double maxW = 0;
        double maxH = 0;
        Matcher r = RECT.matcher(svg);
        while (r.find()) {
            int s = SERIES.indexOf(r.group(3));
            if (s < 0) {
                continue; // background and legend frames
            }
            double w = Double.parseDouble(r.group(1));
            double h = Double.parseDouble(r.group(2));
            bars.add(new double[] {w, h});
            series.add(s);
            maxW = Math.max(maxW, w);
            maxH = Math.max(maxH, h);
        }
        StringBuilder out = new StringBuilder("bars:");
        for (int i = 0; i < bars.size(); i++) {
            out.append(String.format(Locale.ROOT, " s%d %.4fx%.4f", series.get(i), bars.get(i)[0] / maxW,
                    bars.get(i)[1] / maxH));
        }
        StringBuilder values = new StringBuilder();
        List<String> texts = new ArrayList<>();
        Matcher t = TEXT.matcher(svg);
        while (t.find()) {
            if (t.group(1).contains("fill: rgb(0,0,0)")) {
                values.append(' ').append(t.group(2));
            } else {
                texts.add(t.group(2));
            }
        }
        String labels = String.join(" ", withoutTicks(texts));
        return out.append("; values:").append(values).append("; texts:").append(labels.isEmpty() ? "" : " " + labels)
                .toString();
    }

    /**
     * Drops the range axis tick labels: a run of numbers starting at 0 that never decreases (0 100 200 ..., or
     * 0 0 0.1 0.1 ... when rounding repeats small ticks). How many there are depends on the text widths. Category
     * labels are words here; the slanted size-class labels of stacked charts are drawn as glyph outlines, not text,
     * so they are not compared (the histogram table beside the chart holds the same labels).
     */
    static List<String> withoutTicks(List<String> texts) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < texts.size()) {
            int j = i;
            if (texts.get(i).equals("0")) {
                j = i + 1;
                while (j < texts.size() && TICK.matcher(texts.get(j)).matches()
                        && number(texts.get(j)) >= number(texts.get(j - 1))) {
                    j++;
                }
            }
            if (j - i >= 2) {
                i = j;
            } else {
                out.add(texts.get(i++));
            }
        }
        return out;
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }
}
