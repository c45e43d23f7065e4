// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Bar charts drawn by JFreeChart into inline SVG with JFreeSVG. Values are given in bytes and drawn in the binary
 * unit that fits the largest (B, KiB, MiB or GiB: the largest value is at least 1), with whole-number ticks, so
 * small values do not show as repeated rounded ticks ("0.2 0.2 0.1 0.1"). The SVG
 * loses its namespace declarations (HTML does not need them), so the report names no URL at all; element ids start
 * with the chart id, so several charts can share one page. Stateless.
 */
final class SvgCharts {
    /** One bar series: a name and one value in bytes per category label. */
    record Series(String name, List<Bar> bars) {}

    /** One bar: its category label (may come from the target; JFreeSVG escapes it) and bytes. */
    record Bar(String label, long bytes) {}

    /** A display unit: its name and bytes per unit. */
    record Unit(String name, double bytes) {}

    private static final List<Unit> UNITS = List.of(new Unit("B", 1), new Unit("KiB", 1024),
            new Unit("MiB", 1024.0 * 1024), new Unit("GiB", 1024.0 * 1024 * 1024));
    private static final int WIDTH = 820;
    private static final Color[] PALETTE = {new Color(0x2f5d8a), new Color(0xc9d6e3), new Color(0xa35c00)};
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Pattern NAMESPACES = Pattern.compile(" xmlns(:\\w+)?=('[^']*'|\"[^\"]*\")");

    private SvgCharts() {}

    /** Horizontal bars, one row per category, largest given first. */
    static String horizontal(String id, List<Series> series) {
        int rows = series.get(0).bars().size();
        int height = 60 + rows * 24 * Math.max(1, series.size()) + (series.size() > 1 ? 24 : 0);
        return draw(id, series, PlotOrientation.HORIZONTAL, false, height);
    }

    /** Vertical stacked bars with slanted category labels (size classes). */
    static String stacked(String id, List<Series> series) {
        return draw(id, series, PlotOrientation.VERTICAL, true, 360);
    }

    private static String draw(String id, List<Series> series, PlotOrientation orientation, boolean stacked,
            int height) {
        long max = 0;
        for (Series s : series) {
            for (Bar b : s.bars()) {
                max = Math.max(max, b.bytes());
            }
        }
        Unit unit = unitFor(stacked ? stackedMax(series) : max);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Series s : series) {
            for (Bar b : s.bars()) {
                data.addValue(b.bytes() / unit.bytes(), s.name(), b.label());
            }
        }
        boolean legend = series.size() > 1;
        JFreeChart chart = stacked
                ? ChartFactory.createStackedBarChart(null, null, unit.name(), data, orientation, legend, false, false)
                : ChartFactory.createBarChart(null, null, unit.name(), data, orientation, legend, false, false);
        style(chart, series.size(), !stacked);
        if (stacked) {
            chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return svg(chart, id, WIDTH, height);
    }

    /** {@code chart} as an inline SVG element of the given size, ids prefixed with {@code id}, no namespaces. */
    static String svg(JFreeChart chart, String id, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        String svg = g2.getSVGElement(id, false, new ViewBox(0, 0, width, height), PreserveAspectRatio.XMID_YMID,
                MeetOrSlice.MEET);
        return NAMESPACES.matcher(svg).replaceAll("");
    }

    /** The largest unit in which {@code maxBytes} is at least 1 (B for 0). Pure. */
    static Unit unitFor(long maxBytes) {
        Unit fit = UNITS.get(0);
        for (Unit u : UNITS) {
            if (maxBytes >= u.bytes()) {
                fit = u;
            }
        }
        return fit;
    }

    private static long stackedMax(List<Series> series) {
        long max = 0;
        for (int i = 0; i < series.get(0).bars().size(); i++) {
            long sum = 0;
            for (Series s : series) {
                sum += i < s.bars().size() ? s.bars().get(i).bytes() : 0;
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    private static void style(JFreeChart chart, int seriesCount, boolean valueLabels) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        chart.setAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(TICK);
            legend.setFrame(BlockBorder.NONE);
        }
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xd8dde3));
        CategoryAxis domain = plot.getDomainAxis();
        domain.setTickLabelFont(TICK);
        domain.setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setTickLabelFont(TICK);
        range.setLabelFont(TICK);
        // whole-number ticks: the unit makes the largest value at least 1, so ticks never repeat after rounding
        range.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        range.setNumberFormatOverride(format("#,##0"));
        range.setUpperMargin(0.15);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0.05);
        for (int i = 0; i < seriesCount; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        if (valueLabels) {
            r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", format("#,##0.0")));
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(TICK);
        }
    }

    private static DecimalFormat format(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }
}
