package io.meridian.cleaning.dedup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A spill file of de-duplication keys: records of (key1, key2, row), 24 bytes each, in the order written. A shard
 * writes its keys in row order; the global step reads them back shard by shard. Records go through one buffer of
 * whole records each way rather than a stream call per long.
 */
public final class KeyFile
{
    public static final int RECORD_BYTES = 24;
    // big-endian, as DataOutputStream wrote them
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private KeyFile() {}

    public static Writer writer(Path path)
            throws IOException
    {
        return new Writer(path);
    }

    public static Reader reader(Path path)
            throws IOException
    {
        return new Reader(path);
    }

    public static long records(Path path)
            throws IOException
    {
        return Files.exists(path) ? Files.size(path) / RECORD_BYTES : 0;
    }

    public static final class Writer
            implements AutoCloseable
    {
        private final OutputStream out;
        private final byte[] buffer = new byte[RECORD_BYTES * 4096];
        private int size;

        private Writer(Path path)
                throws IOException
        {
            out = Files.newOutputStream(path);
        }

        public void write(long key1, long key2, long row)
                throws IOException
        {
            if (size == buffer.length) {
                out.write(buffer, 0, size);
                size = 0;
            }
            LONGS.set(buffer, size, key1);
            LONGS.set(buffer, size + 8, key2);
            LONGS.set(buffer, size + 16, row);
            size += RECORD_BYTES;
        }

        @Override
        public void close()
                throws IOException
        {
            try {
                out.write(buffer, 0, size);
            }
            finally {
                out.close();
            }
        }
    }

    public static final class Reader
            implements AutoCloseable
    {
        private final InputStream in;
        private final byte[] buffer = new byte[RECORD_BYTES * 4096];
        private int size;
        private int at;
        public long key1;
        public long key2;
        public long row;

        private Reader(Path path)
                throws IOException
        {
            in = Files.newInputStream(path);
        }

        /**
         * Reads the next record into the public fields; false at the end.
         */
        public boolean next()
                throws IOException
        {
            if (size - at < RECORD_BYTES && !fill()) {
                return false;
            }
            key1 = (long) LONGS.get(buffer, at);
            key2 = (long) LONGS.get(buffer, at + 8);
            row = (long) LONGS.get(buffer, at + 16);
            at += RECORD_BYTES;
            return true;
        }

        // moves the partial record left to the front and reads more; false at the end of the file
        private boolean fill()
                throws IOException
        {
            int left = size - at;
            System.arraycopy(buffer, at, buffer, 0, left);
            size = left;
            at = 0;
            while (size < RECORD_BYTES) {
                int read = in.read(buffer, size, buffer.length - size);
                if (read < 0) {
                    if (size > 0) {
                        throw new EOFException("a key file ends inside a record");
                    }
                    return false;
                }
                size += read;
            }
            return true;
        }

        @Override
        public void close()
                throws IOException
        {
            in.close();
        }
    }
}
