// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.StackTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame tree of leaked bytes for the flame graph: stacks merged by common prefix, frame names interned, written
 * as nested arrays {@code [nameIndex, bytes, count, [children]]}, children by descending bytes. Not thread-safe.
 */
final class FlameTree {
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIds = new LinkedHashMap<>();
    private final Node root = new Node(name("all"));

    private static final class Node {
        final int name;
        long bytes;
        long count;
        final Map<Integer, Node> children = new LinkedHashMap<>();

        Node(int name) {
            this.name = name;
        }
    }

    static FlameTree of(StackTable s) {
        FlameTree t = new FlameTree();
        for (int i = 0; i < s.size(); i++) {
            if (s.leakedBytes(i) == 0) {
                continue;
            }
            Node n = t.root;
            t.add(n, s, i);
            if (s.kind(i) == LeakKind.POOL) {
                n = n.children.computeIfAbsent(t.name("[pool]"), Node::new);
                t.add(n, s, i);
            }
            for (int l = 0; l < s.depth(i); l++) {
                n = n.children.computeIfAbsent(t.name(s.frame(i, l)), Node::new);
                t.add(n, s, i);
            }
        }
        return t;
    }

    private void add(Node n, StackTable s, int i) {
        n.bytes += s.leakedBytes(i);
        n.count += s.leakedCount(i);
    }

    private int name(String n) {
        return nameIds.computeIfAbsent(n, k -> {
            names.add(k);
            return names.size() - 1;
        });
    }

    List<String> names() {
        return List.copyOf(names);
    }

    /** The tree as nested lists, ready for a JSON writer. */
    List<Object> tree() {
        return nested(root);
    }

    private static List<Object> nested(Node n) {
        List<Object> kids = new ArrayList<>();
        n.children.values().stream().sorted((a, b) -> a.bytes != b.bytes ? Long.compare(b.bytes, a.bytes)
                : Integer.compare(a.name, b.name)).forEach(c -> kids.add(nested(c)));
        return List.of(n.name, n.bytes, n.count, kids);
    }
}
