package io.meridian.cleaning.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

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
    private int lineFrom;
    private int lineLength;

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
        return advance() ? line() : null;
    }

    /**
     * Moves to the next non-empty line without decoding it; false at the end of the shard.
     */
    public boolean advance()
            throws IOException
    {
        while (true) {
            int from = buffer.position();
            int limit = buffer.limit();
            byte[] array = buffer.array();
            int i;
            while ((i = ByteScan.newline(array, from, limit)) >= 0) {
                buffer.position(i + 1);
                int length = i - from;
                if (length > 0 && array[i - 1] == '\r') {
                    length--;
                }
                if (length == 0) {
                    from = i + 1;
                    continue;
                }
                setLine(from, length, limit);
                return true;
            }
            if (position >= end) {
                // the shard's last line has no line break (end of file)
                buffer.position(limit);
                int length = limit - from;
                if (length > 0 && array[limit - 1] == '\r') {
                    length--;
                }
                if (length == 0) {
                    return false;
                }
                setLine(from, length, limit);
                return true;
            }
            fill();
        }
    }

    private void setLine(int from, int length, int limit)
    {
        lineFrom = from;
        lineLength = length;
        lineStart = position - limit + from;
    }

    /**
     * The byte offset in the file just after the line last returned and its line break: where the next line starts.
     */
    public long lineEnd()
    {
        return position - buffer.limit() + buffer.position();
    }

    /**
     * The current line, decoded.
     */
    public String line()
    {
        return new String(buffer.array(), lineFrom, lineLength, StandardCharsets.UTF_8);
    }

    /**
     * Parses the current line as a JSON object without decoding it to text first; the row refers to this reader's
     * buffer, so it must be used before the next {@link #advance}.
     */
    public JsonRow row(List<String> fields)
    {
        return JsonRow.parse(buffer.array(), lineFrom, lineLength, fields);
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
