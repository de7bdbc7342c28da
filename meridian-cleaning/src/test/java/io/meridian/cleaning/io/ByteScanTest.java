package io.meridian.cleaning.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ByteScanTest
{
    @Test
    void findsTheFirstMatchAtEveryPositionOfAWordAndInTheTail()
    {
        // multi-byte UTF-8 around the target: bytes >= 0x80 must not look like matches
        byte[] prefix = "中文é".getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < 20; at++) {
            byte[] bytes = new byte[prefix.length + 24];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = prefix[i % prefix.length];
            }
            bytes[at] = '\n';
            bytes[at + 3] = '\n';
            assertThat(ByteScan.newline(bytes, 0, bytes.length)).isEqualTo(at);
            assertThat(ByteScan.newline(bytes, at + 1, bytes.length)).isEqualTo(at + 3);
            assertThat(ByteScan.newline(bytes, 0, at)).isEqualTo(-1);
            bytes[at] = '\\';
            bytes[at + 3] = '"';
            assertThat(ByteScan.quoteOrBackslash(bytes, 0, bytes.length)).isEqualTo(at);
            assertThat(ByteScan.quoteOrBackslash(bytes, at + 1, bytes.length)).isEqualTo(at + 3);
            assertThat(ByteScan.quoteOrBackslash(bytes, 0, at)).isEqualTo(-1);
        }
    }

    @Test
    void aMatchRightAfterAZeroByteOrBeforeAnotherMatchIsFoundWhereItIs()
    {
        // a borrow in the zero-byte test can only mark bytes above a real match, never below
        byte[] bytes = {0, '\n', '\n', 1, 0, 0, 0, 0, 0, '\n'};
        assertThat(ByteScan.newline(bytes, 0, bytes.length)).isEqualTo(1);
        assertThat(ByteScan.newline(bytes, 3, bytes.length)).isEqualTo(9);
    }
}
