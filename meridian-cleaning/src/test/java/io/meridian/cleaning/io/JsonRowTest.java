package io.meridian.cleaning.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRowTest
{
    private static final List<String> FIELDS = List.of("instruction", "input", "output");

    @Test
    void selectedStringFieldsAreDecoded()
    {
        JsonRow row = JsonRow.parse("{\"id\": 7, \"instruction\":\"说\\\"你好\\\"\\n\\u4e2d\", \"meta\": {\"input\": \"nested\"}, \"output\": \"ok\"}", FIELDS);
        assertThat(row.value(0)).isEqualTo("说\"你好\"\n中");
        assertThat(row.value(1)).as("a nested input is not the row's input").isNull();
        assertThat(row.value(2)).isEqualTo("ok");
    }

    @Test
    void anUnchangedRowIsWrittenBackAsItsOriginalLine()
    {
        String line = "{ \"instruction\" : \"a\\u0041\" , \"x\": [1, {\"y\": \"}\"}], \"output\":null }";
        JsonRow row = JsonRow.parse(line, FIELDS);
        assertThat(row.value(0)).isEqualTo("aA");
        assertThat(row.value(2)).as("null is not a string").isNull();
        assertThat(row.toJson()).isEqualTo(line);
    }

    @Test
    void aRowIsReadFromUtf8BytesInsideALargerBuffer()
            throws Exception
    {
        byte[] buffer = "xx{\"输入\": \"键\", \"in\\u0070ut\": \"é\\n\", \"output\": \"🙂 ok\"}yy".getBytes(StandardCharsets.UTF_8);
        JsonRow row = JsonRow.parse(buffer, 2, buffer.length - 4, List.of("输入", "input", "output"));
        assertThat(row.value(0)).as("a non-ASCII key").isEqualTo("键");
        assertThat(row.value(1)).as("an escaped key").isEqualTo("é\n");
        assertThat(row.value(2)).isEqualTo("🙂 ok");
        assertThat(row.plainBytes(2)).as("a literal without escapes: its bytes are its UTF-8 text").isEqualTo("🙂 ok".getBytes(StandardCharsets.UTF_8).length);
        assertThat(row.plainBytes(1)).as("escaped").isEqualTo(-1);
        row.setValue(2, "🙂");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LineWriter out = new LineWriter(bytes)) {
            row.writeTo(out);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"输入\": \"键\", \"in\\u0070ut\": \"é\\n\", \"output\": \"🙂\"}");
    }

    @Test
    void changedFieldsAreReEncodedAndOtherFieldsPassThroughByteForByte()
    {
        JsonRow row = JsonRow.parse("{\"output\":\"b\",\"score\":1.50,\"instruction\":\"a\",\"tags\":[\"x\"]}", FIELDS);
        row.setValue(0, "new \"text\"\t\u0001");
        row.setValue(2, "c");
        assertThat(row.toJson()).isEqualTo("{\"output\":\"c\",\"score\":1.50,\"instruction\":\"new \\\"text\\\"\\t\\u0001\",\"tags\":[\"x\"]}");
    }

    @Test
    void aLineThatIsNotAnObjectIsRejectedWithWhere()
    {
        assertThatThrownBy(() -> JsonRow.parse("[1,2]", FIELDS)).isInstanceOf(MalformedRowException.class).hasMessageContaining("expected '{'");
        assertThatThrownBy(() -> JsonRow.parse("{\"instruction\": \"a\"", FIELDS)).isInstanceOf(MalformedRowException.class);
        assertThatThrownBy(() -> JsonRow.parse("{\"a\": 1} x", FIELDS)).hasMessageContaining("after the object");
    }
}
