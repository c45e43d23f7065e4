// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import java.util.Comparator;
import java.util.Objects;

/**
 * Names a measure across snapshots: {@code rss / category / glibc_used}, {@code glibc / size_class / 256–512 KiB},
 * {@code luajit / object_type / table}. Two snapshots' measures with equal keys are the same thing. {@code order}
 * sorts items inside a group (a size class's lower bound, a category's ordinal) and is not part of the identity.
 *
 * @param layer {@code rss}, {@code glibc}, {@code luajit}, later {@code nginx}, ...
 * @param group a set of items of one layer that belong together (a partition, or a list of totals)
 * @param name the item, stable across snapshots (an arena is named by its address, a size class by its range)
 * @param order sort position inside the group, smallest first
 */
public record MeasureKey(String layer, String group, String name, long order) {
    /** The RSS layer first, then layers, groups by name, then order and name: how every renderer lists measures. */
    public static final Comparator<MeasureKey> ORDER = Comparator.comparing((MeasureKey k) -> !k.layer.equals("rss"))
            .thenComparing(MeasureKey::layer).thenComparing(MeasureKey::group).thenComparingLong(MeasureKey::order).thenComparing(MeasureKey::name);

    public MeasureKey {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
    }

    /** {@code layer/group/name}, for messages and maps. */
    public String path() {
        return layer + "/" + group + "/" + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeasureKey k && k.layer.equals(layer) && k.group.equals(group) && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layer, group, name);
    }
}
