// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import java.util.List;
import java.util.Objects;

/**
 * A watch series analysed: every component's values and fit, the time to the limit, and the headline.
 *
 * @param capturedAt the ISO-8601 time of each sample
 * @param seconds seconds since the first sample, per sample
 * @param processCounts processes captured in each sample (workers come and go)
 * @param components every measure of all processes, in {@code MeasureKey.ORDER}
 * @param rss total RSS of all processes over time
 * @param timeToLimit when RSS reaches the limit, or why it is not said
 * @param findings sentences, the headline first
 */
public record SeriesAnalysis(List<String> capturedAt, List<Double> seconds, List<Integer> processCounts,
        List<ComponentSeries> components, ComponentSeries rss, TimeToLimit timeToLimit, List<String> findings) {
    /** The JSON format id of a series report. */
    public static final String FORMAT = "memsnap-series/1";

    public SeriesAnalysis {
        capturedAt = List.copyOf(capturedAt);
        seconds = List.copyOf(seconds);
        processCounts = List.copyOf(processCounts);
        components = List.copyOf(components);
        Objects.requireNonNull(rss, "rss");
        Objects.requireNonNull(timeToLimit, "timeToLimit");
        findings = List.copyOf(findings);
    }
}
