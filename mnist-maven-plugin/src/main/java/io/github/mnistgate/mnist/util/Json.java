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
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes a value as pretty JSON, atomically. */
    public static void write(Path target, Object value) throws IOException {
        AtomicFiles.write(target, out -> MAPPER.writer().writeValue(new NonClosing(out), value));
    }

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
