package io.meridian.cleaning.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LineWriterTest
{
    @Test
    void aJsonStringIsWrittenAsTheBytesOfTheEscapedText()
            throws IOException
    {
        // ASCII, escapes, control characters, 2- and 3-byte characters, a surrogate pair and unpaired surrogates
        String value = "a\"b\\c\n\r\t\u0001\u001f é 中文 🙂 \ud800x \udc00";
        StringBuilder expected = new StringBuilder();
        Json.appendString(expected, value);
        assertThat(written(value, 1 << 10)).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(written(value, 16)).as("longer than the buffer").isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bytesLargerThanTheBufferPassThroughInOrder()
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LineWriter out = new LineWriter(bytes, 8)) {
            out.write("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
            out.write("0123456789".getBytes(StandardCharsets.US_ASCII), 2, 8);
            out.newLine();
        }
        assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("abc23456789\n");
    }

    private static byte[] written(String value, int bufferSize)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LineWriter out = new LineWriter(bytes, bufferSize)) {
            out.write(new byte[] {'x'}, 0, 1);
            out.writeJsonString(value);
        }
        byte[] all = bytes.toByteArray();
        return Arrays.copyOfRange(all, 1, all.length);
    }
}
