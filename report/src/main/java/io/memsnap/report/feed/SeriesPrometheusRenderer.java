// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import io.memsnap.analyzer.series.ComponentSeries;
import io.memsnap.analyzer.series.SeriesAnalysis;
import io.memsnap.analyzer.series.TimeToLimit;
import java.io.IOException;
import java.io.Writer;

/**
 * A watch series in the Prometheus text format: the last sample's value, the fitted slope and R² of every component
 * of all processes ({@code memsnap_series_bytes}, {@code memsnap_growth_bytes_per_second},
 * {@code memsnap_growth_r_squared}, {@code memsnap_growth_fit_good}, labels {@code layer, group, item}), the limit
 * ({@code memsnap_limit_bytes{source}}) and {@code memsnap_time_to_limit_seconds}, present only when memsnap states
 * one (alert on it). Stateless.
 */
public final class SeriesPrometheusRenderer {
    /** Writes {@code a} to {@code out} (flushed, not closed). */
    public void render(SeriesAnalysis a, Writer out) throws IOException {
        PromText t = new PromText(out);
        int last = a.capturedAt().size() - 1;
        t.help("memsnap_series_last_sample_timestamp_seconds", "When the last sample of the series was captured.");
        t.sample("memsnap_series_last_sample_timestamp_seconds", "",
                PrometheusRenderer.epochSeconds(a.capturedAt().get(last)));
        t.help("memsnap_series_samples", "Samples in the series.");
        t.sample("memsnap_series_samples", "", a.capturedAt().size());
        t.help("memsnap_series_bytes", "Last value of a measure summed over all watched processes.");
        for (ComponentSeries c : a.components()) {
            t.sample("memsnap_series_bytes", PromText.key(c.key()), c.bytes().get(last));
        }
        t.help("memsnap_growth_bytes_per_second", "Theil-Sen slope of a measure over the series.");
        for (ComponentSeries c : a.components()) {
            t.sample("memsnap_growth_bytes_per_second", PromText.key(c.key()), c.fit().slopeBytesPerSecond());
        }
        t.help("memsnap_growth_r_squared", "R squared of the least-squares line of a measure over the series.");
        for (ComponentSeries c : a.components()) {
            t.sample("memsnap_growth_r_squared", PromText.key(c.key()), c.fit().rSquared());
        }
        t.help("memsnap_growth_fit_good", "1 when the fit is good enough to extrapolate, else 0.");
        for (ComponentSeries c : a.components()) {
            t.sample("memsnap_growth_fit_good", PromText.key(c.key()), c.fit().good() ? 1 : 0);
        }
        TimeToLimit ttl = a.timeToLimit();
        if (ttl.limitBytes().isPresent()) {
            t.help("memsnap_limit_bytes", "The limit RSS is measured against: cgroup limit or RSS plus MemAvailable.");
            t.sample("memsnap_limit_bytes", "source=\"" + PromText.escape(ttl.limitSource()) + "\"",
                    ttl.limitBytes().getAsLong());
        }
        if (ttl.seconds().isPresent()) {
            t.help("memsnap_time_to_limit_seconds", "Seconds from the last sample until RSS reaches the limit at the "
                    + "fitted rate; absent when the fit is not good.");
            t.sample("memsnap_time_to_limit_seconds", "source=\"" + PromText.escape(ttl.limitSource()) + "\"",
                    ttl.seconds().getAsDouble());
        }
        out.flush();
    }
}
