// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks gdb (attached briefly, or on a core) for the runtime addresses of symbols, or a binary's debug info for the
 * sizes of its types: the test oracle.
 */
public final class GdbOracle {
    private GdbOracle() {}

    /** {@code args} are gdb target arguments ({@code -p PID} or {@code EXE CORE}). */
    static Map<String, Long> addresses(List<String> args, String... names) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gdb", "-q", "-batch", "-nx"));
        for (String n : names) {
            cmd.add("-ex");
            cmd.add("printf \"ADDR " + n + " %lx\\n\", (long)&'" + n + "'");
        }
        cmd.addAll(args);
        return run(cmd, "ADDR", 16, names);
    }

    /**
     * {@code sizeof} of each named type, from the debug info of {@code binary} as gdb finds it (for libc: libc6-dbg
     * by build-id), e.g. {@code struct malloc_state}.
     */
    public static Map<String, Long> sizes(String binary, String... types) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gdb", "-q", "-batch", "-nx"));
        for (String t : types) {
            cmd.add("-ex");
            cmd.add("printf \"SIZE " + t.replace(' ', '_') + " %ld\\n\", (long)sizeof(" + t + ")");
        }
        cmd.add(binary);
        Map<String, Long> bySafeName = run(cmd, "SIZE", 10, java.util.Arrays.stream(types).map(t -> t.replace(' ', '_'))
                .toArray(String[]::new));
        Map<String, Long> out = new HashMap<>();
        for (String t : types) {
            out.put(t, bySafeName.get(t.replace(' ', '_')));
        }
        return out;
    }

    private static Map<String, Long> run(List<String> cmd, String tag, int radix, String... names)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("gdb timed out");
        }
        Map<String, Long> found = new HashMap<>();
        Matcher m = Pattern.compile(tag + " (\\S+) ([0-9a-f]+)").matcher(out);
        while (m.find()) {
            found.put(m.group(1), Long.parseUnsignedLong(m.group(2), radix));
        }
        for (String n : names) {
            if (!found.containsKey(n)) {
                throw new IOException("gdb did not resolve " + n + ":\n" + out);
            }
        }
        return found;
    }
}
