// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import io.memsnap.snapshot.model.Mapping;
import java.util.ArrayList;
import java.util.List;

/** Turns the text of {@code /proc/PID/smaps} into {@link Mapping} records. Pure and stateless. */
public final class SmapsParser {
    private SmapsParser() {}

    /** Parses smaps text; fields the kernel does not print stay 0. */
    public static List<Mapping> parse(String text) {
        List<Mapping> out = new ArrayList<>();
        Builder cur = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (isHeader(line)) {
                if (cur != null) {
                    out.add(cur.build());
                }
                cur = Builder.header(line);
            } else if (cur != null) {
                cur.field(line);
            }
        }
        if (cur != null) {
            out.add(cur.build());
        }
        return out;
    }

    /** A header line starts with {@code start-end} in hex; field lines start with a capitalised name. */
    static boolean isHeader(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        if (dash <= 0 || space <= dash) {
            return false;
        }
        for (int i = 0; i < dash; i++) {
            if (Character.digit(line.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static final class Builder {
        long start;
        long end;
        String perms;
        long offset;
        String device;
        long inode;
        String path;
        long rss;
        long pss;
        long anon;
        long swap;
        long privateClean;
        long privateDirty;
        long sharedClean;
        long sharedDirty;

        static Builder header(String line) {
            Builder b = new Builder();
            // start-end perms offset dev inode [path]; the path may contain spaces
            String[] f = line.trim().split("\\s+", 6);
            int dash = f[0].indexOf('-');
            b.start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
            b.end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
            b.perms = f[1];
            b.offset = Long.parseUnsignedLong(f[2], 16);
            b.device = f[3];
            b.inode = Long.parseLong(f[4]);
            b.path = f.length > 5 ? f[5].trim() : "";
            return b;
        }

        void field(String line) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                return;
            }
            String name = line.substring(0, colon);
            long bytes = ProcStatusParser.kilobytes(line.substring(colon + 1));
            switch (name) {
                case "Rss" -> rss = bytes;
                case "Pss" -> pss = bytes;
                case "Anonymous" -> anon = bytes;
                case "Swap" -> swap = bytes;
                case "Private_Clean" -> privateClean = bytes;
                case "Private_Dirty" -> privateDirty = bytes;
                case "Shared_Clean" -> sharedClean = bytes;
                case "Shared_Dirty" -> sharedDirty = bytes;
                default -> {
                    // other smaps fields are not part of the model
                }
            }
        }

        Mapping build() {
            return new Mapping(start, end, perms, offset, device, inode, path, rss, pss, anon, swap, privateClean,
                    privateDirty, sharedClean, sharedDirty);
        }
    }
}
