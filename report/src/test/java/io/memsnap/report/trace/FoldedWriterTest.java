// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FoldedWriterTest {
    /** flamegraph.pl's rule: the count is after the last space; frames are split on ';' and must not be empty. */
    private static final Pattern LINE = Pattern.compile("^([^;\\s]+(?:;[^;\\s]+)*) (\\d+)$");

    /** A checked parser for folded stacks: every line must match, or the test fails. */
    static Map<List<String>, Long> parse(String folded) {
        Map<List<String>, Long> out = new LinkedHashMap<>();
        for (String line : folded.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "not a folded line: " + line);
            out.merge(List.of(m.group(1).split(";")), Long.parseLong(m.group(2)), Long::sum);
        }
        return out;
    }

    @Test
    void leakedStacksOnlyWithSafeFrameNames() throws Exception {
        StringWriter w = new StringWriter();
        FoldedWriter.write(Traces.sample(), w);
        Map<List<String>, Long> stacks = parse(w.toString());
        assertEquals(3, stacks.size(), w.toString());
        assertEquals(4096L, stacks.get(List.of("main", "handler", "ngx_palloc", "malloc")));
        assertEquals(3072L, stacks.get(List.of("[pool]", "main", "handler", "ngx_create_pool")));
        assertEquals(10_000L, stacks.entrySet().stream().filter(e -> e.getKey().size() == 3
                && e.getKey().get(1).startsWith("evil")).findFirst().orElseThrow().getValue());
        assertEquals(4096 + 3072 + 10_000, stacks.values().stream().mapToLong(Long::longValue).sum());
    }
}
