// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a report says about a process: a plain sentence with its numbers, the rows it rests on and what to do.
 * Every number is copied or summed from the snapshot; nothing is measured again.
 *
 * @param id stable rule id such as {@code glibc.free-resident}, for scripts and ticket search
 * @param severity how urgent
 * @param pid the process the finding is about
 * @param text one sentence with the number that matters and, where one exists, its share of RSS (or of the whole it is
 *     a part of: the GC heap, glibc in-use bytes)
 * @param bytes the bytes the finding is about (what acting on it could recover or explain), 0 if none
 * @param shareOfRss {@code bytes} as a fraction (0..1) of the process's RSS; empty when no share exists (no bytes,
 *     or bytes not known to be resident: a shared zone's size, glibc in-use or LuaJIT object bytes)
 * @param evidence the rows the sentence rests on
 * @param whatToDo one short line on the next step
 * @param keywords words to search tickets and the web with
 */
public record Finding(
        String id,
        Severity severity,
        int pid,
        String text,
        long bytes,
        Optional<Double> shareOfRss,
        List<EvidenceRow> evidence,
        String whatToDo,
        List<String> keywords) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(shareOfRss, "shareOfRss");
        Objects.requireNonNull(whatToDo, "whatToDo");
        evidence = List.copyOf(evidence);
        keywords = List.copyOf(keywords);
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes " + bytes + " in " + id);
        }
    }
}
