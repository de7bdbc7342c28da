package io.meridian.server.platform.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static java.util.Objects.requireNonNull;

/**
 * Extracts zip, tar and tar.gz archives into a directory, for every feature that imports files (code packages today,
 * datasets and models later). Refuses any entry that would land outside the directory (zip-slip: {@code ../x},
 * absolute paths) and links (a link could point anywhere), and stops at the {@link ArchiveLimits} while streaming:
 * the bytes counted are those actually inflated, never the sizes an entry's header claims. The caller removes the
 * partial directory when this throws. Only the JDK: tar is simple enough to read by hand (ustar, GNU long names, pax
 * headers skipped).
 */
public final class Archives
{
    private Archives() {}

    public enum Format
    {
        ZIP, TAR, TAR_GZ
    }

    /** An entry the archive may not contain; the message names it. */
    public static final class UnsafeEntryException
            extends IOException
    {
        private final String entry;

        UnsafeEntryException(String entry, String why)
        {
            super(why + ": " + entry);
            this.entry = entry;
        }

        public String entry()
        {
            return entry;
        }
    }

    /** Recognized by content, not by name: zip's {@code PK\3\4}, gzip's {@code 1f 8b}, tar's {@code ustar} magic. */
    public static Format detect(Path archive)
            throws IOException
    {
        byte[] head = new byte[512];
        int read;
        try (InputStream in = Files.newInputStream(archive)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.ZIP;
        }
        if (read >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Format.TAR_GZ;
        }
        if (read >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return Format.TAR;
        }
        throw new IOException("not a zip, tar or tar.gz archive");
    }

    /**
     * What {@link #read} hands each regular file of an archive to: its name, checked as {@link #resolve} checks it and
     * normalized ({@code a/./b} is {@code a/b}), and its bytes, counted against the limits as they are read. The
     * stream ends with the entry and must not be kept past the call.
     */
    @FunctionalInterface
    public interface EntrySink
    {
        void file(String name, InputStream content)
                throws IOException;
    }

    /** Extracts and returns the number of files written. */
    public static int extract(Path archive, Format format, Path target, ArchiveLimits limits)
            throws IOException
    {
        requireNonNull(target, "target is null");
        Files.createDirectories(target);
        return walk(archive, format, limits, new Visitor()
        {
            @Override
            public void directory(String name)
                    throws IOException
            {
                Files.createDirectories(resolve(target, name));
            }

            @Override
            public void file(String name, InputStream content)
                    throws IOException
            {
                Path destination = resolve(target, name);
                Files.createDirectories(destination.getParent());
                try (OutputStream out = Files.newOutputStream(destination)) {
                    content.transferTo(out);
                }
            }
        });
    }

    /**
     * Streams every regular file of the archive to {@code sink} without writing anything to disk, with the same
     * refusals and limits as {@link #extract}: for features that keep imports in the object store. Returns the number
     * of files.
     */
    public static int read(Path archive, Format format, ArchiveLimits limits, EntrySink sink)
            throws IOException
    {
        requireNonNull(sink, "sink is null");
        Path root = Path.of("/archive-root");
        return walk(archive, format, limits, new Visitor()
        {
            @Override
            public void directory(String name)
                    throws IOException
            {
                resolve(root, name);
            }

            @Override
            public void file(String name, InputStream content)
                    throws IOException
            {
                Path relative = root.relativize(resolve(root, name));
                sink.file(relative.toString().replace('\\', '/'), content);
            }
        });
    }

    private interface Visitor
    {
        void directory(String name)
                throws IOException;

        void file(String name, InputStream content)
                throws IOException;
    }

    private static int walk(Path archive, Format format, ArchiveLimits limits, Visitor visitor)
            throws IOException
    {
        requireNonNull(archive, "archive is null");
        requireNonNull(format, "format is null");
        requireNonNull(limits, "limits is null");
        try (CountingInputStream compressed = new CountingInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            Counter counter = new Counter(limits, compressed);
            switch (format) {
                case ZIP -> {
                    try (ZipInputStream zip = new ZipInputStream(compressed)) {
                        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                            entry(visitor, entry.getName(), entry.isDirectory(), zip, Long.MAX_VALUE, counter);
                        }
                    }
                }
                case TAR -> untar(compressed, visitor, counter);
                case TAR_GZ -> {
                    try (InputStream in = new GZIPInputStream(compressed)) {
                        untar(in, visitor, counter);
                    }
                }
            }
            return counter.files;
        }
    }

    private static void untar(InputStream in, Visitor visitor, Counter counter)
            throws IOException
    {
        byte[] header = new byte[512];
        String longName = null;
        while (true) {
            if (in.readNBytes(header, 0, 512) < 512 || isZero(header)) {
                return;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            long padded = (size + 511) / 512 * 512;
            if (longName != null) {
                name = longName;
                longName = null;
            }
            switch (type) {
                case 'L' -> {
                    // GNU long name: the content is the next entry's name
                    longName = new String(in.readNBytes((int) Math.min(size, 65_536)), StandardCharsets.UTF_8).replace("\0", "");
                    in.skipNBytes(padded - Math.min(size, 65_536));
                }
                case '0', '\0', '7' -> {
                    long read = entry(visitor, name, false, in, size, counter);
                    in.skipNBytes(padded - read);
                }
                case '5' -> entry(visitor, name, true, in, 0, counter);
                case '1', '2' -> throw new UnsafeEntryException(name, "links are not allowed");
                // pax headers, devices, fifos: nothing to extract
                default -> in.skipNBytes(padded);
            }
        }
    }

    /** Hands one entry to the visitor and returns how many of its bytes were read from {@code in}. */
    private static long entry(Visitor visitor, String name, boolean directory, InputStream in, long size, Counter counter)
            throws IOException
    {
        // directories count too: a hundred thousand empty ones exhaust inodes as well as files do
        counter.entry();
        if (directory) {
            visitor.directory(name);
            return 0;
        }
        counter.files++;
        EntryStream content = new EntryStream(in, size, counter);
        visitor.file(name, content);
        // what the visitor left unread is still the entry's: drain it so that the next header is where it should be
        content.transferTo(OutputStream.nullOutputStream());
        return content.read;
    }

    /** The entry's path inside {@code target}, or a refusal if it would escape it. */
    public static Path resolve(Path target, String name)
            throws UnsafeEntryException
    {
        String normalizedName = name.replace('\\', '/');
        if (normalizedName.isEmpty() || normalizedName.startsWith("/") || normalizedName.contains("\0") || normalizedName.matches("^[A-Za-z]:.*")) {
            throw new UnsafeEntryException(name, "absolute paths are not allowed");
        }
        Path root = target.toAbsolutePath().normalize();
        Path destination = root.resolve(normalizedName).normalize();
        if (!destination.startsWith(root)) {
            throw new UnsafeEntryException(name, "the entry would be written outside the package");
        }
        return destination;
    }

    private static boolean isZero(byte[] block)
    {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length)
    {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length)
            throws IOException
    {
        String value = text(header, offset, length).trim();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value, 8);
        }
        catch (NumberFormatException e) {
            throw new IOException("bad tar header size: " + value);
        }
    }

    /** The limits' bookkeeping: entries seen, bytes written, and the compressed bytes read so far for the ratio. */
    private static final class Counter
    {
        private final ArchiveLimits limits;
        private final CountingInputStream compressed;
        private int entries;
        int files;
        private long bytes;

        Counter(ArchiveLimits limits, CountingInputStream compressed)
        {
            this.limits = limits;
            this.compressed = compressed;
        }

        void entry()
                throws ArchiveLimitException
        {
            if (++entries > limits.maxEntries()) {
                throw new ArchiveLimitException("archive.limit.entries", limits.maxEntries());
            }
        }

        void inflated(int read)
                throws ArchiveLimitException
        {
            bytes += read;
            if (bytes > limits.maxExtractedBytes()) {
                throw new ArchiveLimitException("archive.limit.bytes", limits.maxExtractedBytes() / (1024 * 1024));
            }
            long ratio = bytes / Math.max(1, compressed.count());
            if (bytes > limits.ratioFloorBytes() && ratio > limits.maxRatio()) {
                throw new ArchiveLimitException("archive.limit.ratio", limits.maxRatio(), ratio);
            }
        }
    }

    /** One entry's bytes: at most {@code size} of them, counted against the limits, never closing the archive. */
    private static final class EntryStream
            extends InputStream
    {
        private final InputStream in;
        private final long size;
        private final Counter counter;
        private long read;

        EntryStream(InputStream in, long size, Counter counter)
        {
            this.in = in;
            this.size = size;
            this.counter = counter;
        }

        @Override
        public int read()
                throws IOException
        {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            if (read >= size) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, size - read));
            if (n > 0) {
                read += n;
                counter.inflated(n);
            }
            return n;
        }

        @Override
        public void close()
        {
            // the archive's stream is the walk's to close
        }
    }

    /** Counts the bytes read from the archive file itself, before any decompression. */
    private static final class CountingInputStream
            extends FilterInputStream
    {
        private long count;

        CountingInputStream(InputStream in)
        {
            super(in);
        }

        long count()
        {
            return count;
        }

        @Override
        public int read()
                throws IOException
        {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        @Override
        public long skip(long n)
                throws IOException
        {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
