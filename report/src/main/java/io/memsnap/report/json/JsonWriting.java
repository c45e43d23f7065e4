// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;

/** Pretty-prints a JSON tree the way every memsnap JSON output looks (two-space indent, final newline). */
final class JsonWriting {
    private JsonWriting() {}

    static void write(ObjectMapper mapper, JsonNode root, Writer out) throws IOException {
        mapper.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")))
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, root);
        out.write('\n');
        out.flush();
    }
}
