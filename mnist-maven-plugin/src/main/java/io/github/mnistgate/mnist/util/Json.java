package io.github.mnistgate.mnist.util;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** The one JSON configuration used for every file the plugin writes and reads back. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(nonFiniteAsNull());

    /** JSON has no NaN: an undefined figure (a validation loss without validation data) is written as null. */
    private static com.fasterxml.jackson.databind.Module nonFiniteAsNull() {
        com.fasterxml.jackson.databind.JsonSerializer<Double> serializer =
                new com.fasterxml.jackson.databind.JsonSerializer<>() {
                    @Override
                    public void serialize(
                            Double value,
                            com.fasterxml.jackson.core.JsonGenerator gen,
                            com.fasterxml.jackson.databind.SerializerProvider provider)
                            throws IOException {
                        if (value == null || value.isNaN() || value.isInfinite()) {
                            gen.writeNull();
                        } else {
                            gen.writeNumber(value);
                        }
                    }
                };
        com.fasterxml.jackson.databind.module.SimpleModule module =
                new com.fasterxml.jackson.databind.module.SimpleModule("non-finite-as-null");
        module.addSerializer(Double.class, serializer);
        module.addSerializer(Double.TYPE, serializer);
        // Read back as NaN where a primitive double is expected.
        module.addDeserializer(Double.TYPE, new com.fasterxml.jackson.databind.JsonDeserializer<>() {
            @Override
            public Double deserialize(
                    com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                    throws IOException {
                return p.getValueAsDouble();
            }

            @Override
            public Double getNullValue(com.fasterxml.jackson.databind.DeserializationContext ctxt) {
                return Double.NaN;
            }
        });
        return module;
    }

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes a value as pretty JSON, atomically. */
    public static void write(Path target, Object value) throws IOException {
        AtomicFiles.write(target, out -> MAPPER.writer().writeValue(new NonClosing(out), value));
    }

    /** The value as compact JSON with object keys sorted, the same text for equal values: for hashing. */
    public static String canonical(Object value) {
        try {
            Object tree = CANONICAL.treeToValue(CANONICAL.valueToTree(value), Object.class);
            return CANONICAL.writeValueAsString(tree);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final ObjectMapper CANONICAL = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    public static <T> T read(Path source, Class<T> type) throws IOException {
        return MAPPER.readValue(source.toFile(), type);
    }

    /** Jackson closes the stream it writes to; the atomic writer closes it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
