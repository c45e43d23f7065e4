// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

/**
 * The section one allocator layer adds to a {@link ProcessSnapshot} (glibc malloc, LuaJIT, later nginx). A new layer
 * defines its section record in {@code model.<layer>}, implements this interface, and gets one component in
 * {@link ProcessSnapshot} plus one case in {@link ProcessSnapshot#withSection}.
 */
public interface LayerSection {}
