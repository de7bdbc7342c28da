package io.meridian.cleaning.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * Writes jsonl output through one large unsynchronized buffer: original bytes are copied as they are and re-encoded
 * string values are written straight to UTF-8, so a row never becomes a {@code String} on its way out.
 */
public final class LineWriter
        implements AutoCloseable
{
    private static final int BUFFER = 1 << 20;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] buffer;
    private int size;

    public LineWriter(OutputStream out)
    {
        this(out, BUFFER);
    }

    LineWriter(OutputStream out, int bufferSize)
    {
        this.out = requireNonNull(out, "out is null");
        this.buffer = new byte[bufferSize];
    }

    public void write(byte[] bytes, int from, int length)
            throws IOException
    {
        if (length > buffer.length - size) {
            flushBuffer();
            if (length > buffer.length) {
                out.write(bytes, from, length);
                return;
            }
        }
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    public void newLine()
            throws IOException
    {
        if (size == buffer.length) {
            flushBuffer();
        }
        buffer[size++] = '\n';
    }

    /**
     * Writes {@code value} as a JSON string literal in UTF-8, escaped as {@link Json#appendString} escapes it; an
     * unpaired surrogate becomes {@code ?}, as {@code String.getBytes(UTF_8)} writes it.
     */
    public void writeJsonString(String value)
            throws IOException
    {
        int length = value.length();
        // at most 6 bytes per char (a \\u00XX escape), plus the quotes
        if ((long) length * 6 + 2 > buffer.length - size) {
            flushBuffer();
            if ((long) length * 6 + 2 > buffer.length) {
                StringBuilder text = new StringBuilder(length + 16);
                Json.appendString(text, value);
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                return;
            }
        }
        byte[] b = buffer;
        int at = size;
        b[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[at++] = (byte) c;
                    continue;
                }
                b[at++] = '\\';
                switch (c) {
                    case '"' -> b[at++] = '"';
                    case '\\' -> b[at++] = '\\';
                    case '\n' -> b[at++] = 'n';
                    case '\r' -> b[at++] = 'r';
                    case '\t' -> b[at++] = 't';
                    default -> {
                        b[at++] = 'u';
                        b[at++] = '0';
                        b[at++] = '0';
                        b[at++] = HEX[c >> 4];
                        b[at++] = HEX[c & 0xf];
                    }
                }
            }
            else if (c < 0x800) {
                b[at++] = (byte) (0xc0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            }
            else if (Character.isSurrogate(c)) {
                char low = i + 1 < length ? value.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    int code = Character.toCodePoint(c, low);
                    b[at++] = (byte) (0xf0 | (code >> 18));
                    b[at++] = (byte) (0x80 | ((code >> 12) & 0x3f));
                    b[at++] = (byte) (0x80 | ((code >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (code & 0x3f));
                    i++;
                }
                else {
                    b[at++] = '?';
                }
            }
            else {
                b[at++] = (byte) (0xe0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        b[at++] = '"';
        size = at;
    }

    private void flushBuffer()
            throws IOException
    {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }

    public void flush()
            throws IOException
    {
        flushBuffer();
        out.flush();
    }

    @Override
    public void close()
            throws IOException
    {
        try {
            flushBuffer();
        }
        finally {
            out.close();
        }
    }
}
