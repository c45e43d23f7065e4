// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import java.time.Duration;
import java.util.Optional;

/**
 * A stand-in for memsnap taking frozen copies of the pid in args[0] in a loop (each copy released at once), so that
 * {@link FrozenCopyIT} can signal it while the target is stopped. Started in a child JVM.
 */
public final class CopyLoopMain {
    private CopyLoopMain() {}

    public static void main(String[] args) {
        CopyOptions options = new CopyOptions(Duration.ofSeconds(60), Duration.ofSeconds(5), Optional.empty());
        while (true) {
            try (CopiedProcessImage image = CopiedProcessImage.capture(Integer.parseInt(args[0]), options)) {
                System.out.println("COPIED " + image.copiedBytes());
            }
        }
    }
}
