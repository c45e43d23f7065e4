// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.analyzer.findings.Layer;
import io.memsnap.analyzer.findings.Shares;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One layer's resident bytes in a process, with their share of RSS.
 *
 * @param layer the layer
 * @param bytes its resident bytes
 * @param shareOfRss {@code bytes} as a fraction (0..1) of the process's RSS; empty when the RSS is 0 (a core file's can
 *     be): no share exists
 */
public record LayerShare(Layer layer, long bytes, Optional<Double> shareOfRss) {
    public LayerShare {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(shareOfRss, "shareOfRss");
    }

    /** Every layer of {@code p}, zeros included, in {@link Layer#ranked} order. */
    public static List<LayerShare> ranked(ProcessSnapshot p) {
        Map<Layer, Long> bytes = Layer.bytes(p);
        return Layer.ranked(bytes).stream()
                .map(l -> new LayerShare(l, bytes.get(l), Shares.ofWhole(bytes.get(l), p.rssBytes())))
                .toList();
    }
}
