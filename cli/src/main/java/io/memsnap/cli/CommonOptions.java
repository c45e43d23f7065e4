// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import picocli.CommandLine.Option;

/** Options every command takes: diagnostics and verbosity. */
final class CommonOptions {
    @Option(names = "--debug", description = "show stack traces for errors")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, description = "print nothing on stderr but errors")
    boolean quiet;
}
