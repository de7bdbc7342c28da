package io.meridian.cleaning.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the lines of one shard of a file as UTF-8 strings, through a fixed buffer: memory does not grow with the file,
 * only with the longest line. A trailing {@code \r} is dropped; empty lines are skipped.
 */
public final class LineReader
        implements AutoCloseable
{
    private static final int BUFFER = 1 << 20;

    private final FileChannel channel;
    private final long end;
    private long position;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long lineStart;

    public LineReader(Path file, Shard shard)
            throws IOException
    {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.position = shard.start();
        this.end = shard.end();
        this.buffer.limit(0);
    }

    /**
     * The byte offset in the file of the line last returned.
     */
    public long lineStart()
    {
        return lineStart;
    }

    /**
     * The next non-empty line, or null at the end of the shard.
     */
    public String next()
            throws IOException
    {
        while (true) {
            int from = buffer.position();
            int limit = buffer.limit();
            byte[] array = buffer.array();
            for (int i = from; i < limit; i++) {
                if (array[i] == '\n') {
                    buffer.position(i + 1);
                    lineStart = position - limit + from;
                    int length = i - from;
                    if (length > 0 && array[i - 1] == '\r') {
                        length--;
                    }
                    if (length == 0) {
                        from = i + 1;
                        continue;
                    }
                    return new String(array, from, length, StandardCharsets.UTF_8);
                }
            }
            if (position >= end) {
                // the shard's last line has no line break (end of file)
                if (limit > from) {
                    buffer.position(limit);
                    lineStart = position - limit + from;
                    int length = limit - from;
                    if (array[limit - 1] == '\r') {
                        length--;
                    }
                    return length == 0 ? null : new String(array, from, length, StandardCharsets.UTF_8);
                }
                return null;
            }
            fill();
        }
    }

    private void fill()
            throws IOException
    {
        buffer.compact();
        if (!buffer.hasRemaining()) {
            ByteBuffer larger = ByteBuffer.allocate(buffer.capacity() * 2);
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
        int room = (int) Math.min(buffer.remaining(), end - position);
        ByteBuffer window = buffer.slice(buffer.position(), room);
        int read = channel.read(window, position);
        if (read < 0) {
            read = 0;
        }
        position += read;
        buffer.position(buffer.position() + read);
        buffer.flip();
        if (read == 0 && position < end) {
            throw new IOException("the input ended before byte " + end + " of its shard: was it truncated while reading?");
        }
    }

    @Override
    public void close()
            throws IOException
    {
        channel.close();
    }
}
