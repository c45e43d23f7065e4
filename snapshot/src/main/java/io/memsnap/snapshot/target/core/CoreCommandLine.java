// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.model.Mapping;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Recovers the full command line from the initial stack of a core: gdb's NT_PRPSINFO holds only argv[0] and the
 * kernel's is cut at 80 bytes. The auxv copy in NT_AUXV is found in the stack memory; below it lie the envp array,
 * a NULL, the argv array and argc. The argv strings are read as the process left them (nginx's process titles
 * included), as {@code /proc/PID/cmdline} would show them. Every step is bounded; on any doubt it returns empty.
 */
final class CoreCommandLine {
    private static final int MAX_STACK_SCAN = 8 << 20;
    private static final int MAX_ARGS = 4096;
    private static final int MAX_ARG_BYTES = 4096;
    private static final int MAX_TOTAL = 128 << 10;

    private CoreCommandLine() {}

    static Optional<String> read(Memory memory, Mapping stack, byte[] auxv) {
        if (auxv.length < 32 || stack.sizeBytes() > MAX_STACK_SCAN) {
            return Optional.empty();
        }
        try {
            byte[] s = memory.read(stack.start(), (int) stack.sizeBytes());
            int at = indexOf(s, auxv, 32);
            return at < 0 ? Optional.empty() : decode(memory, s, at);
        } catch (MemsnapException e) {
            return Optional.empty();
        }
    }

    /** Walks down from the auxv at {@code auxvAt} in the stack bytes {@code s}. */
    static Optional<String> decode(Memory memory, byte[] s, int auxvAt) {
        int p = auxvAt - 8;
        if (p < 0 || Bytes.i64(s, p) != 0) {
            return Optional.empty(); // envp terminator
        }
        p -= 8;
        while (p >= 0 && Bytes.i64(s, p) != 0) {
            p -= 8; // envp entries
        }
        int argvEnd = p; // argv terminator
        for (int argc = 0; argc <= MAX_ARGS; argc++) {
            int countAt = argvEnd - 8 * (argc + 1);
            if (countAt < 0) {
                return Optional.empty();
            }
            if (Bytes.i64(s, countAt) == argc && argc > 0) {
                return Optional.of(join(memory, s, countAt + 8, argc));
            }
        }
        return Optional.empty();
    }

    private static String join(Memory memory, byte[] s, int argvAt, int argc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < argc && out.size() < MAX_TOTAL; i++) {
            long ptr = Bytes.i64(s, argvAt + 8 * i);
            if (ptr == 0) {
                break;
            }
            if (i > 0) {
                out.write(' ');
            }
            for (int k = 0; k < MAX_ARG_BYTES; k++) {
                int c = memory.readU8(ptr + k);
                if (c == 0) {
                    break;
                }
                out.write(c);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] hay, byte[] needle, int len) {
        outer:
        for (int i = 0; i + len <= hay.length; i += 8) {
            for (int k = 0; k < len; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
