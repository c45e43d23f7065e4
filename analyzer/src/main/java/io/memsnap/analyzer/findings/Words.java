// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;

/** Small phrases the rules share. Stateless. */
final class Words {
    private Words() {}

    /** {@code worker}, {@code master} or {@code process}: what "this ..." refers to in a sentence. */
    static String noun(ProcessSnapshot p) {
        return switch (p.role()) {
            case WORKER -> "worker";
            case MASTER -> "master";
            case LUAJIT, OTHER -> "process";
        };
    }

    /** True for an nginx master or worker: only they get advice about nginx.conf and pools. */
    static boolean nginx(ProcessSnapshot p) {
        return p.role() == Role.MASTER || p.role() == Role.WORKER;
    }

    /** The first letter upper case (for sentences starting with a label). */
    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
