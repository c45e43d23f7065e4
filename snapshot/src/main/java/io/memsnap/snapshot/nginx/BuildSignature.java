// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.elf.Symbolizer;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The module ABI of the nginx being walked, as nginx itself states it: every {@code ngx_module_t} carries the
 * {@code nginx_version} it was built for and the {@code NGX_MODULE_SIGNATURE} string (pointer, sig_atomic_t and
 * time_t sizes, then one bit per build option that changes structure layouts: threads, SSL, HTTP/2, ...). Read from
 * the first module of the executable's {@code ngx_modules} array ({@code .dynsym}), the same way nginx checks a
 * dynamic module before loading it. The connection and request offsets of {@link PoolLayout} hold only for the build
 * they were verified on ({@link PoolLayout#VERIFIED_SIGNATURE}, nginx 1.22); another build gets a warning and those
 * offsets are not used. Confined to one thread.
 */
final class BuildSignature {
    /** ngx_module_t: {@code version} and {@code signature} (after ctx_index, index, name, spare0, spare1). */
    static final int MODULE_VERSION = 40;
    static final int MODULE_SIGNATURE = 48;
    private static final int MAX_SIGNATURE_CHARS = 128;

    /**
     * What the executable says.
     *
     * @param version its {@code nginx_version} (1022001 for 1.22.1)
     * @param signature its {@code NGX_MODULE_SIGNATURE}
     */
    record Abi(long version, String signature) {
        /** {@code 1.22.1}. */
        String versionText() {
            return String.format(Locale.ROOT, "%d.%d.%d", version / 1_000_000, version / 1000 % 1000, version % 1000);
        }
    }

    private BuildSignature() {}

    /** The executable's ABI, or empty (with a warning) if its first module cannot be read. */
    static Optional<Abi> read(Memory memory, Symbolizer symbols, String exeName, List<String> warnings) {
        Optional<Long> modules = symbols.address(exeName, "ngx_modules");
        if (modules.isEmpty()) {
            warnings.add("ngx_modules is not in the .dynsym of " + exeName + ": the build's module signature is "
                    + "unknown; connection and request offsets not used");
            return Optional.empty();
        }
        try {
            long first = memory.readLong(modules.get());
            long version = memory.readLong(first + MODULE_VERSION);
            byte[] text = memory.read(memory.readLong(first + MODULE_SIGNATURE), MAX_SIGNATURE_CHARS);
            int end = 0;
            while (end < text.length && text[end] != 0) {
                end++;
            }
            return Optional.of(new Abi(version, ShmZones.printable(new String(text, 0, end,
                    StandardCharsets.ISO_8859_1))));
        } catch (UnreadableMemoryException e) {
            warnings.add("cannot read the module signature of " + exeName + ": " + e.getMessage()
                    + "; connection and request offsets not used");
            return Optional.empty();
        }
    }

    /**
     * True if the connection and request offsets hold for {@code abi}: the verified signature and nginx 1.22.x;
     * otherwise a warning says why they are not used.
     */
    static boolean verified(Abi abi, String expected, List<String> warnings) {
        if (abi.signature().equals(expected) && abi.version() / 1000 == PoolLayout.VERIFIED_VERSION / 1000) {
            return true;
        }
        warnings.add(String.format(Locale.ROOT, "nginx %s with module signature %s is not the build memsnap's "
                + "connection and request offsets were verified on (nginx %s, %s): connection and request pools are "
                + "not reached from ngx_cycle and are attributed by the other evidence", abi.versionText(),
                abi.signature(), new Abi(PoolLayout.VERIFIED_VERSION, expected).versionText(), expected));
        return false;
    }
}
