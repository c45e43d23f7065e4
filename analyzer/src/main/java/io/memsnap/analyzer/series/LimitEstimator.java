// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Time until RSS of all processes reaches the tightest cgroup memory limit of the last sample (v2 {@code memory.max}
 * or v1 {@code memory.limit_in_bytes}, as captured), or uses up the host's MemAvailable when no limit applies, at the
 * fitted rate. Stated only when the RSS fit is good. The cgroup charges page cache and kernel memory too, so a
 * process whose cgroup holds more than RSS reaches it sooner than this estimate. Stateless.
 */
final class LimitEstimator {
    private LimitEstimator() {}

    static TimeToLimit estimate(SeriesSample last, ComponentSeries rss) {
        long current = rss.bytes().get(rss.bytes().size() - 1);
        OptionalLong cgroup = last.snapshot().processes().stream()
                .map(ProcessSnapshot::cgroupMemoryLimitBytes).flatMap(java.util.Optional::stream)
                .mapToLong(Long::longValue).min();
        OptionalLong limit;
        String source;
        if (cgroup.isPresent()) {
            limit = cgroup;
            source = "cgroup memory limit";
        } else if (last.memAvailableBytes().isPresent()) {
            limit = OptionalLong.of(current + last.memAvailableBytes().getAsLong());
            source = "MemAvailable";
        } else {
            return new TimeToLimit(OptionalLong.empty(), "none", current, OptionalDouble.empty(),
                    "No time to limit: no cgroup memory limit and no MemAvailable recorded.");
        }
        String what = source.equals("MemAvailable")
                ? "until MemAvailable (" + HumanUnits.bytes(last.memAvailableBytes().getAsLong()) + ") is used up"
                : "to the " + HumanUnits.bytes(limit.getAsLong()) + " cgroup limit";
        GrowthFit fit = rss.fit();
        if (!fit.good()) {
            return new TimeToLimit(limit, source, current, OptionalDouble.empty(),
                    "No time " + what + ": the RSS fit is not good enough (" + fit.verdict() + ").");
        }
        if (current >= limit.getAsLong()) {
            return new TimeToLimit(limit, source, current, OptionalDouble.of(0),
                    "RSS " + HumanUnits.bytes(current) + " has reached the limit (" + HumanUnits.bytes(limit.getAsLong())
                            + ", " + source + ") already.");
        }
        double seconds = (limit.getAsLong() - current) / fit.slopeBytesPerSecond();
        String text = String.format(Locale.ROOT, "Time %s ≈ %s at %s (R² %.2f).", what,
                Spans.duration(Duration.ofMillis(Math.round(seconds * 1000))), Spans.rate(fit.slopeBytesPerSecond()),
                fit.rSquared());
        return new TimeToLimit(limit, source, current, OptionalDouble.of(seconds), text);
    }
}
