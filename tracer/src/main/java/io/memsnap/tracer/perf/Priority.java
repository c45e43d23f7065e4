// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Scheduling of memsnap's own work beside a busy target: {@code SCHED_IDLE} (util-linux {@code chrt}) runs a thread
 * or process only on CPU time no other task wants, so reading bursts never takes CPU from the target. Best effort:
 * if chrt fails the work runs at normal priority.
 */
public final class Priority {
    /** The prefix that starts a command at {@code SCHED_IDLE}. */
    static final List<String> IDLE_COMMAND = List.of("chrt", "--idle", "0");

    private Priority() {}

    /** Puts the calling thread at {@code SCHED_IDLE}; returns its thread id, or -1 if that failed. */
    public static long idleCurrentThread() {
        try {
            // /proc/thread-self -> "PID/task/TID"
            long tid = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
            return chrt(List.of("chrt", "--idle", "-p", "0", String.valueOf(tid))) ? tid : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Puts thread or process {@code tid} back at {@code SCHED_OTHER}, nice 0. */
    public static void normal(long tid) {
        if (tid > 0) {
            chrt(List.of("chrt", "--other", "-p", "0", String.valueOf(tid)));
        }
    }

    /** The scheduling policy of thread {@code tid} as chrt names it, e.g. {@code SCHED_IDLE}; "" if unknown. */
    static String policy(long tid) {
        try {
            Process p = new ProcessBuilder("chrt", "-p", String.valueOf(tid)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            int at = out.indexOf("SCHED_");
            return at < 0 ? "" : out.substring(at).split("\\s")[0];
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean chrt(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
