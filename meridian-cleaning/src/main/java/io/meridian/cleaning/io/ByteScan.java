package io.meridian.cleaning.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds ASCII bytes in UTF-8 text eight bytes at a time (SWAR: a zero byte of {@code word ^ pattern} marks a match),
 * for the line and string-literal scans every row goes through.
 */
final class ByteScan
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

    private ByteScan() {}

    /**
     * The index of the first {@code \n} in {@code [from, to)}, or -1.
     */
    static int newline(byte[] bytes, int from, int to)
    {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long found = zeroBytes((long) LONGS.get(bytes, i) ^ NEWLINES);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the first {@code "} or {@code \} in {@code [from, to)}, or -1.
     */
    static int quoteOrBackslash(byte[] bytes, int from, int to)
    {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(bytes, i);
            long found = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '"' || bytes[i] == '\\') {
                return i;
            }
        }
        return -1;
    }

    // the high bit set in each zero byte of the word; exact for the lowest zero byte, which is all the callers use
    private static long zeroBytes(long word)
    {
        return (word - ONES) & ~word & HIGHS;
    }
}
