// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.measure.Measure;
import io.memsnap.analyzer.measure.MeasureKey;
import io.memsnap.analyzer.measure.Measures;
import io.memsnap.snapshot.model.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Analyses a watch series: sums every sample's processes (so workers that come and go are covered), fits a line to
 * every measure, estimates the time to the limit from the RSS fit and says which category carries the growth.
 * Stateless.
 */
public final class SeriesAnalyzer {
    /** The analysis of {@code samples}, in capture order. */
    public SeriesAnalysis analyze(List<SeriesSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one sample");
        }
        Instant t0 = Instant.parse(samples.get(0).snapshot().capturedAt());
        List<String> at = new ArrayList<>();
        double[] secs = new double[samples.size()];
        List<Integer> counts = new ArrayList<>();
        List<Map<MeasureKey, Measure>> perSample = new ArrayList<>();
        Map<MeasureKey, MeasureKey> keys = new TreeMap<>(MeasureKey.ORDER);
        for (int i = 0; i < samples.size(); i++) {
            var s = samples.get(i).snapshot();
            at.add(s.capturedAt());
            secs[i] = Duration.between(t0, Instant.parse(s.capturedAt())).toMillis() / 1000.0;
            counts.add(s.processes().size());
            Map<MeasureKey, Measure> m = Measures.byKey(Measures.sumOf(s.processes()));
            m.keySet().forEach(k -> keys.putIfAbsent(k, k));
            perSample.add(m);
        }
        List<ComponentSeries> components = new ArrayList<>();
        for (MeasureKey k : keys.keySet()) {
            List<Long> values = new ArrayList<>();
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                Measure m = perSample.get(i).get(k);
                values.add(m == null ? 0L : m.bytes());
                // a sample without any measure of this layer (its walk failed) is left out of the fit, not taken as 0
                if (m != null || hasLayer(perSample.get(i), k.layer())) {
                    points.add(new double[] {secs[i], values.get(i)});
                }
            }
            components.add(new ComponentSeries(k, values, GrowthFitter.fit(
                    points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray())));
        }
        ComponentSeries rss = components.stream()
                .filter(c -> c.key().layer().equals("rss") && c.key().group().equals("total")).findFirst()
                .orElseThrow();
        TimeToLimit ttl = LimitEstimator.estimate(samples.get(samples.size() - 1), rss);
        List<Double> seconds = new ArrayList<>();
        for (double s : secs) {
            seconds.add(s);
        }
        return new SeriesAnalysis(at, seconds, counts, components, rss, ttl, findings(components, rss, ttl, secs));
    }

    private static boolean hasLayer(Map<MeasureKey, Measure> sample, String layer) {
        return sample.keySet().stream().anyMatch(k -> k.layer().equals(layer));
    }

    private static List<String> findings(List<ComponentSeries> components, ComponentSeries rss, TimeToLimit ttl,
            double[] secs) {
        List<String> out = new ArrayList<>();
        Duration window = Duration.ofMillis(Math.round(secs[secs.length - 1] * 1000));
        if (!rss.fit().good()) {
            out.add("RSS over " + Spans.duration(window) + ": no growth rate stated, " + rss.fit().verdict() + ".");
        } else {
            String carrier = components.stream()
                    .filter(c -> c.key().layer().equals("rss") && c.key().group().equals("category"))
                    .max(Comparator.comparingDouble(c -> c.fit().slopeBytesPerSecond()))
                    .map(c -> "; mostly " + label(c.key().name()) + " (" + Spans.rate(c.fit().slopeBytesPerSecond())
                            + (c.fit().steps() ? ", grows in steps" : "") + ")")
                    .orElse("");
            out.add(String.format(Locale.ROOT, "RSS grows at %s over %s (Theil–Sen, R² %.2f)%s.",
                    Spans.rate(rss.fit().slopeBytesPerSecond()), Spans.duration(window), rss.fit().rSquared(),
                    carrier));
        }
        out.add(ttl.text());
        return out;
    }

    private static String label(String categoryKey) {
        for (Category c : Category.values()) {
            if (c.key().equals(categoryKey)) {
                return c.label();
            }
        }
        return categoryKey;
    }
}
