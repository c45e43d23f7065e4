// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.Snapshot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes and reads {@code memsnap-snapshot/1} files: pretty-printed JSON with snake_case keys in record component
 * order, absent optionals left out, gzip-compressed when the file name ends in {@code .gz}. Reading detects gzip by
 * its magic bytes, so a renamed file still reads. Every failure to read is a {@link MemsnapException} of kind
 * {@link MemsnapException.Kind#BAD_INPUT} naming the file and what is wrong. Thread-safe and stateless apart from
 * its immutable Jackson configuration.
 */
public final class SnapshotCodec {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    private SnapshotCodec() {
        this.mapper = newMapper();
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        this.writer = mapper.writer(printer);
    }

    /** A codec with the one configuration every snapshot file uses. */
    public static SnapshotCodec create() {
        return new SnapshotCodec();
    }

    /**
     * A fresh Jackson mapper configured exactly as the codec's (snake_case, Optional support, absent values left
     * out, map keys sorted). The JSON renderer uses it so report JSON names keys the same way as snapshot files.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_ABSENT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // Newer minor additions (and the findings of a report JSON) must not make a file unreadable;
                // the format id guards against files of another kind.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .build();
    }

    /** The snapshot as a JSON tree, in the key order the file has. */
    public ObjectNode toTree(Snapshot snapshot) {
        return mapper.valueToTree(snapshot);
    }

    /**
     * Writes {@code snapshot} to {@code file} (created or replaced), gzip-compressed if its name ends in
     * {@code .gz}.
     *
     * @throws IOException if the file cannot be written; the message names the file
     */
    public void write(Snapshot snapshot, Path file) throws IOException {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            if (gzip) {
                try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                    write(snapshot, z);
                }
            } else {
                write(snapshot, out);
            }
        } catch (IOException e) {
            throw new IOException("cannot write snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code snapshot} as uncompressed JSON, ending in a newline; {@code out} stays open. */
    public void write(Snapshot snapshot, OutputStream out) throws IOException {
        writer.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, snapshot);
        out.write('\n');
        out.flush();
    }

    /** Reads a snapshot file, plain or gzip. */
    public Snapshot read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new MemsnapException(
                    MemsnapException.Kind.BAD_INPUT, "cannot read snapshot " + file + ": " + e, e);
        }
    }

    /**
     * Reads a snapshot from {@code in} (plain or gzip, detected by magic), naming it {@code name} in errors. Does
     * not close {@code in}.
     */
    public Snapshot read(InputStream in, String name) {
        JsonNode tree;
        try {
            tree = mapper.readTree(open(in));
        } catch (JsonProcessingException e) {
            throw bad(name, "is not valid JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw bad(name, "cannot be read (truncated or corrupt gzip?): " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw bad(name, "is empty or not a JSON object", null);
        }
        JsonNode format = tree.get("format");
        if (format == null || !format.isTextual()) {
            throw bad(name, "has no \"format\" key; expected \"" + Snapshot.FORMAT + "\"", null);
        }
        if (!Snapshot.FORMAT.equals(format.asText())) {
            throw bad(name, "has format \"" + format.asText() + "\", this memsnap reads \"" + Snapshot.FORMAT
                    + "\"", null);
        }
        LuaJitGraphDefaults.fill(tree);
        Snapshot snapshot;
        try {
            snapshot = mapper.treeToValue(tree, Snapshot.class);
        } catch (JsonMappingException e) {
            throw bad(name, "is not a valid snapshot at " + path(e) + ": " + rootMessage(e), e);
        } catch (IOException e) {
            throw bad(name, "is not a valid snapshot: " + e.getMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw bad(name, "is not a valid snapshot: " + e.getMessage(), e);
        }
        List<String> impossible = Plausibility.violations(snapshot);
        if (!impossible.isEmpty()) {
            throw bad(name, "holds impossible values (" + impossible.size() + "), first: " + impossible.get(0), null);
        }
        return snapshot;
    }

    private static InputStream open(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1 ? new GZIPInputStream(in) : in;
    }

    private static MemsnapException bad(String name, String what, Throwable cause) {
        return new MemsnapException(MemsnapException.Kind.BAD_INPUT, "snapshot " + name + " " + what, cause);
    }

    private static String where(JsonLocation loc) {
        if (loc == null || loc == JsonLocation.NA) {
            return "";
        }
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + " (byte " + loc.getByteOffset()
                + " of the JSON)";
    }

    /** The JSON path of a mapping error, e.g. {@code processes[0].rss_bytes}. */
    static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return p.isEmpty() ? "the top level" : p.substring(p.startsWith(".") ? 1 : 0);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        // Jackson reports a missing key as a null it cannot bind; say it in the user's terms.
        if (m.startsWith("Cannot map `null`") || m.startsWith("Null value for creator property")) {
            return "required key is missing or null";
        }
        return m;
    }
}
