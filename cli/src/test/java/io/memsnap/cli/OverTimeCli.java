// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs memsnap in-process for the over-time tests and reads their JSON. Not thread-safe. */
final class OverTimeCli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** {@code memsnap snapshot -p PID -o FILE}, failing on a non-zero exit. */
    void snapshot(int pid, Path file) {
        check(run("snapshot", "-p", Integer.toString(pid), "-o", file.toString()));
    }

    /** {@code memsnap diff A B --format json}, parsed. */
    JsonNode diffJson(Path a, Path b) throws Exception {
        check(run("diff", a.toString(), b.toString(), "--format", "json"));
        return new ObjectMapper().readTree(out.toString());
    }

    void check(int code) {
        if (code != 0) {
            throw new AssertionError("exit " + code + ": " + err);
        }
    }

    /** The delta row {@code layer/group/item} of the all-processes pair of a JSON diff. */
    static JsonNode delta(JsonNode diff, String layer, String group, String item) {
        for (JsonNode d : diff.get("pairs").get(0).get("deltas")) {
            if (d.get("layer").asText().equals(layer) && d.get("group").asText().equals(group)
                    && d.get("item").asText().equals(item)) {
                return d;
            }
        }
        throw new AssertionError("no delta " + layer + "/" + group + "/" + item + " in " + diff);
    }

    static long deltaBytes(JsonNode diff, String layer, String group, String item) {
        return delta(diff, layer, group, item).get("delta_bytes").asLong();
    }

    static long deltaCount(JsonNode diff, String layer, String group, String item) {
        JsonNode d = delta(diff, layer, group, item);
        return d.get("after_count").asLong() - d.get("before_count").asLong();
    }

    /** The finding ids of a JSON diff, comma separated. */
    static String findingIds(JsonNode diff) {
        StringBuilder b = new StringBuilder();
        diff.get("findings").forEach(f -> b.append(b.length() == 0 ? "" : ",").append(f.get("id").asText()));
        return b.toString();
    }

    /** The text of the finding {@code id}. */
    static String finding(JsonNode diff, String id) {
        for (JsonNode f : diff.get("findings")) {
            if (f.get("id").asText().equals(id)) {
                return f.get("text").asText();
            }
        }
        throw new AssertionError("no finding " + id + ": " + diff.get("findings"));
    }
}
