// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import io.memsnap.snapshot.model.ProcStatus;

/** Turns the text of {@code /proc/PID/status} into a {@link ProcStatus}. Pure and stateless. */
public final class ProcStatusParser {
    private ProcStatusParser() {}

    /** Parses status text; counters the kernel did not print (kernel threads, old kernels) stay 0. */
    public static ProcStatus parse(String text) {
        long vmSize = 0;
        long vmRss = 0;
        long vmHwm = 0;
        long rssAnon = 0;
        long rssFile = 0;
        long rssShmem = 0;
        long vmSwap = 0;
        int threads = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1);
            switch (line.substring(0, colon)) {
                case "VmSize" -> vmSize = kilobytes(value);
                case "VmRSS" -> vmRss = kilobytes(value);
                case "VmHWM" -> vmHwm = kilobytes(value);
                case "RssAnon" -> rssAnon = kilobytes(value);
                case "RssFile" -> rssFile = kilobytes(value);
                case "RssShmem" -> rssShmem = kilobytes(value);
                case "VmSwap" -> vmSwap = kilobytes(value);
                case "Threads" -> threads = (int) number(value.trim());
                default -> {
                    // the other status fields are not part of the model
                }
            }
        }
        return new ProcStatus(vmSize, vmRss, vmHwm, rssAnon, rssFile, rssShmem, vmSwap, threads);
    }

    /** {@code "   1672 kB"} to bytes; anything unparsable is 0. */
    static long kilobytes(String value) {
        String v = value.trim();
        if (!v.endsWith(" kB")) {
            return 0;
        }
        return number(v.substring(0, v.length() - 3).trim()) * 1024;
    }

    private static long number(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
