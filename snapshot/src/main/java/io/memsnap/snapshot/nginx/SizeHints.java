// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import java.util.Optional;

/**
 * What a pool's size suggests about its creator in stock nginx and lua-nginx-module (ngx_cycle.c,
 * ngx_http_request.c, ngx_http_upstream.c, ngx_http_lua_socket_tcp.c, ngx_http_lua_timer.c): hints, never proof.
 */
final class SizeHints {
    private SizeHints() {}

    static Optional<String> hint(long size) {
        return Optional.ofNullable(switch ((int) Math.min(size, Integer.MAX_VALUE)) {
            case 16384 -> "hint: cycle or configuration pool (16384)";
            case 4096 -> "hint: request pool (4096)";
            case 1024 -> "hint: HTTP/2 state pool (1024)";
            case 512 -> "hint: connection pool (512)";
            case 256 -> "hint: log or SSL pool (256)";
            case 128 -> "hint: upstream, cosocket, timer or fake connection pool (128)";
            default -> null;
        });
    }
}
