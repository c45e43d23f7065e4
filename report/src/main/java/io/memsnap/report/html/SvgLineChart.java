// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Lines over time (minutes since the first sample, MiB) drawn by JFreeChart into inline SVG. Stateless. */
final class SvgLineChart {
    /** One line: a name (may come from the target; JFreeSVG escapes it) and bytes per sample. */
    record Line(String name, List<Long> bytes) {}

    private static final int WIDTH = 820;
    private static final int HEIGHT = 320;
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private SvgLineChart() {}

    static String draw(String id, List<Double> seconds, List<Line> lines) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Line l : lines) {
            XYSeries s = new XYSeries(l.name(), false, true);
            for (int i = 0; i < seconds.size(); i++) {
                s.add(seconds.get(i) / 60.0, l.bytes().get(i) / (1024.0 * 1024.0));
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(null, "minutes", "MiB", data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd8dde3));
        plot.setDomainGridlinePaint(new Color(0xd8dde3));
        plot.getDomainAxis().setTickLabelFont(TICK);
        plot.getRangeAxis().setTickLabelFont(TICK);
        chart.getLegend().setItemFont(TICK);
        return SvgCharts.svg(chart, id, WIDTH, HEIGHT);
    }
}
