package io.meridian.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An input stream that computes the SHA-256 and the count of the bytes read through it. */
final class Sha256
        extends FilterInputStream
{
    private final MessageDigest digest;
    private long count;

    Sha256(InputStream in)
    {
        super(in);
        this.digest = newDigest();
    }

    static MessageDigest newDigest()
    {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Reads {@code in} to its end and returns the hex SHA-256 of its bytes. */
    static String of(InputStream in)
            throws IOException
    {
        try (Sha256 hashing = new Sha256(in)) {
            hashing.transferTo(OutputStream.nullOutputStream());
            return hashing.hex();
        }
    }

    @Override
    public int read()
            throws IOException
    {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n)
    {
        // skipping would leave bytes out of the checksum
        return 0;
    }

    @Override
    public boolean markSupported()
    {
        return false;
    }

    long count()
    {
        return count;
    }

    /** The hex SHA-256 of what was read; call once, at the end. */
    String hex()
    {
        return HexFormat.of().formatHex(digest.digest());
    }
}
