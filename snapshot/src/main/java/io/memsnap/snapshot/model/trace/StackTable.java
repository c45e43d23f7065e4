// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The allocation stacks of a {@link LeakTrace} with their counters, in primitive arrays with interned frame names
 * (as async-profiler's converter keeps call stacks). Stack {@code i} has frames root first; its counters say how
 * many blocks (or pools) it allocated during the window and how many of those were still alive at the end.
 * Immutable; build one with {@link Builder}. Thread-safe.
 */
public final class StackTable {
    private final String[] frames;
    private final int[] stackStart;
    private final int[] stackFrames;
    private final byte[] kinds;
    private final long[] counters;

    private StackTable(String[] frames, int[] stackStart, int[] stackFrames, byte[] kinds, long[] counters) {
        this.frames = frames;
        this.stackStart = stackStart;
        this.stackFrames = stackFrames;
        this.kinds = kinds;
        this.counters = counters;
    }

    /** Number of distinct stacks. */
    public int size() {
        return kinds.length;
    }

    /** Number of interned frame names. */
    public int frameNameCount() {
        return frames.length;
    }

    /** Interned frame name {@code id}. */
    public String frameName(int id) {
        return frames[id];
    }

    /** Depth of stack {@code i}. */
    public int depth(int i) {
        return stackStart[i + 1] - stackStart[i];
    }

    /** Frame id at {@code level} of stack {@code i}; level 0 is the root (outermost caller). */
    public int frameId(int i, int level) {
        return stackFrames[stackStart[i] + level];
    }

    /** Frame name at {@code level} of stack {@code i}; level 0 is the root. */
    public String frame(int i, int level) {
        return frames[frameId(i, level)];
    }

    /** What stack {@code i} allocated. */
    public LeakKind kind(int i) {
        return LeakKind.values()[kinds[i]];
    }

    /** Blocks allocated by stack {@code i} and still alive at the end (scaled by the sample period). */
    public long leakedCount(int i) {
        return counters[4 * i];
    }

    /** Usable bytes of those blocks. */
    public long leakedBytes(int i) {
        return counters[4 * i + 1];
    }

    /** Blocks allocated by stack {@code i} during the window (scaled by the sample period). */
    public long allocCount(int i) {
        return counters[4 * i + 2];
    }

    /** Usable bytes allocated by stack {@code i} during the window. */
    public long allocBytes(int i) {
        return counters[4 * i + 3];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackTable t && Arrays.equals(frames, t.frames) && Arrays.equals(stackStart, t.stackStart)
                && Arrays.equals(stackFrames, t.stackFrames) && Arrays.equals(kinds, t.kinds)
                && Arrays.equals(counters, t.counters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stackFrames), Arrays.hashCode(counters));
    }

    /** Collects stacks, interning frame names and merging equal stacks of the same kind. Not thread-safe. */
    public static final class Builder {
        private final List<String> frames = new ArrayList<>();
        private final Map<String, Integer> frameIds = new HashMap<>();
        private final Map<Key, Integer> stackIds = new HashMap<>();
        private final List<int[]> stacks = new ArrayList<>();
        private final List<LeakKind> kinds = new ArrayList<>();
        private long[] counters = new long[64];

        private record Key(LeakKind kind, List<Integer> frames) {}

        /** Interns a stack (frame names root first) and returns its id; equal stacks share one id. */
        public int stack(LeakKind kind, List<String> rootFirst) {
            List<Integer> ids = new ArrayList<>(rootFirst.size());
            for (String f : rootFirst) {
                ids.add(frameIds.computeIfAbsent(Objects.requireNonNull(f), k -> {
                    frames.add(k);
                    return frames.size() - 1;
                }));
            }
            return stackIds.computeIfAbsent(new Key(Objects.requireNonNull(kind), List.copyOf(ids)), k -> {
                stacks.add(ids.stream().mapToInt(Integer::intValue).toArray());
                kinds.add(kind);
                if (counters.length < 4 * stacks.size()) {
                    counters = Arrays.copyOf(counters, counters.length * 2);
                }
                return stacks.size() - 1;
            });
        }

        /** Adds one allocation of {@code bytes} (times {@code weight}) to stack {@code id}. */
        public void allocated(int id, long bytes, long weight) {
            counters[4 * id + 2] += weight;
            counters[4 * id + 3] += bytes * weight;
        }

        /** Adds one block of {@code bytes} (times {@code weight}) still alive at the end to stack {@code id}. */
        public void leaked(int id, long bytes, long weight) {
            counters[4 * id] += weight;
            counters[4 * id + 1] += bytes * weight;
        }

        /** The immutable table. */
        public StackTable build() {
            int[] start = new int[stacks.size() + 1];
            for (int i = 0; i < stacks.size(); i++) {
                start[i + 1] = start[i] + stacks.get(i).length;
            }
            int[] all = new int[start[stacks.size()]];
            byte[] k = new byte[stacks.size()];
            for (int i = 0; i < stacks.size(); i++) {
                System.arraycopy(stacks.get(i), 0, all, start[i], stacks.get(i).length);
                k[i] = (byte) kinds.get(i).ordinal();
            }
            return new StackTable(frames.toArray(new String[0]), start, all, k,
                    Arrays.copyOf(counters, 4 * stacks.size()));
        }
    }
}
