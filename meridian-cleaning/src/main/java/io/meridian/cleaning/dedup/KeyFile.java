package io.meridian.cleaning.dedup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A spill file of de-duplication keys: records of (key1, key2, row), 24 bytes each, in the order written. A shard
 * writes its keys in row order; the global step reads them back shard by shard.
 */
public final class KeyFile
{
    public static final int RECORD_BYTES = 24;

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
        private final DataOutputStream out;

        private Writer(Path path)
                throws IOException
        {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
        }

        public void write(long key1, long key2, long row)
                throws IOException
        {
            out.writeLong(key1);
            out.writeLong(key2);
            out.writeLong(row);
        }

        @Override
        public void close()
                throws IOException
        {
            out.close();
        }
    }

    public static final class Reader
            implements AutoCloseable
    {
        private final DataInputStream in;
        public long key1;
        public long key2;
        public long row;

        private Reader(Path path)
                throws IOException
        {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
        }

        /**
         * Reads the next record into the public fields; false at the end.
         */
        public boolean next()
                throws IOException
        {
            try {
                key1 = in.readLong();
            }
            catch (EOFException e) {
                return false;
            }
            key2 = in.readLong();
            row = in.readLong();
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
