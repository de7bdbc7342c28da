package io.meridian.storage;

import io.meridian.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ObjectStore} promises, run against each implementation: the local file system and a real
 * S3-compatible server.
 */
abstract class ObjectStoreContract
{
    private static final int MIB = 1 << 20;

    /** The store under test, empty at the start of each test. */
    abstract ObjectStore store();

    /** A new instance over the same storage, as after a restart of the server. */
    abstract ObjectStore reopen();

    /** Changes the bytes of {@code key} behind the store's back, as a failing disk or another tool would. */
    abstract void corrupt(ObjectKey key)
            throws IOException;

    @Test
    void anObjectReadsBackAsWrittenWithItsChecksum()
            throws IOException
    {
        byte[] content = "训练数据 training data\n".getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = store().put(key("datasets/ds-1/train.jsonl"), new ByteArrayInputStream(content), content.length);

        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.sha256()).isEqualTo(sha256(content));
        assertThat(read(store().open(key("datasets/ds-1/train.jsonl")))).isEqualTo(content);
        assertThat(reopen().stat(key("datasets/ds-1/train.jsonl"))).hasValueSatisfying(stat -> {
            assertThat(stat.size()).isEqualTo(content.length);
            assertThat(stat.sha256()).isEqualTo(info.sha256());
        });
    }

    @Test
    void anObjectOfUnknownLengthLargerThanAPartStreamsIn()
            throws IOException
    {
        // 40 MiB from a generator: more than the S3 store's part size, never a byte array of that size in the test
        long size = 40L * MIB + 123;
        ObjectInfo info = store().put(key("big/blob.bin"), new Generated(size, 7), -1);

        assertThat(info.size()).isEqualTo(size);
        assertThat(info.sha256()).isEqualTo(Sha256.of(new Generated(size, 7)));
        assertThat(store().verify(key("big/blob.bin")).sha256()).isEqualTo(info.sha256());
    }

    @Test
    void aShortStreamIsRefusedAndLeavesTheOldObject()
            throws IOException
    {
        store().put(key("a/file"), bytes("old"), 3);

        assertThatThrownBy(() -> store().put(key("a/file"), bytes("new"), 10))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("received 3 bytes where 10 were announced");
        assertThat(read(store().open(key("a/file")))).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRangeReadsPartOfAnObject()
            throws IOException
    {
        store().put(key("r/x"), bytes("0123456789"), 10);

        assertThat(read(store().open(key("r/x"), 3, 4))).isEqualTo("3456".getBytes(StandardCharsets.UTF_8));
        assertThat(read(store().open(key("r/x"), 8, 100))).isEqualTo("89".getBytes(StandardCharsets.UTF_8));
        assertThat(read(store().open(key("r/x"), 20, 5))).isEmpty();
    }

    @Test
    void aMissingObjectIsNotFound()
    {
        assertThat(store().stat(key("nothing/here"))).isEmpty();
        assertThat(store().delete(key("nothing/here"))).isFalse();
        assertThatThrownBy(() -> store().verify(key("nothing/here")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void verifyFindsDamagedBytes()
            throws IOException
    {
        store().put(key("v/data"), bytes("intact content"), -1);
        corrupt(key("v/data"));

        assertThatThrownBy(() -> store().verify(key("v/data")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("v/data is damaged");
    }

    @Test
    void listingIsByPrefixSegmentWiseAndInKeyOrder()
    {
        for (String name : List.of("ds/b/2.txt", "ds/a.txt", "ds/b/1.txt", "ds-other/x", "ds/a-c", "dsx")) {
            store().put(key(name), bytes(name), -1);
        }

        try (Stream<ObjectEntry> listed = store().list(key("ds"))) {
            assertThat(listed.map(entry -> entry.key().value()))
                    .containsExactly("ds/a-c", "ds/a.txt", "ds/b/1.txt", "ds/b/2.txt");
        }
        try (Stream<ObjectEntry> listed = store().list(key("ds/b"))) {
            assertThat(listed.map(ObjectEntry::size)).containsExactly(10L, 10L);
        }
        try (Stream<ObjectEntry> listed = store().list(key("none"))) {
            assertThat(listed).isEmpty();
        }
    }

    @Test
    void deleteAllRemovesOnlyWhatIsUnderThePrefix()
    {
        store().put(key("p/1"), bytes("1"), -1);
        store().put(key("p/q/2"), bytes("2"), -1);
        store().put(key("pq/3"), bytes("3"), -1);

        assertThat(store().deleteAll(key("p"))).isEqualTo(2);
        assertThat(store().stat(key("p/1"))).isEmpty();
        assertThat(store().stat(key("p/q/2"))).isEmpty();
        assertThat(store().stat(key("pq/3"))).isPresent();
        assertThat(store().delete(key("pq/3"))).isTrue();
        assertThat(store().stat(key("pq/3"))).isEmpty();
    }

    @Test
    void aCopyHasTheSameBytesAndChecksum()
            throws IOException
    {
        ObjectInfo original = store().put(key("src/f"), bytes("copy me"), -1);

        ObjectInfo copy = store().copy(key("src/f"), key("dst/f"));

        assertThat(copy.sha256()).isEqualTo(original.sha256());
        assertThat(read(store().open(key("dst/f")))).isEqualTo("copy me".getBytes(StandardCharsets.UTF_8));
        assertThat(store().verify(key("dst/f")).sha256()).isEqualTo(original.sha256());
    }

    @Test
    void aMultipartUploadResumesAfterARestartAndJoinsItsPartsInOrder()
            throws IOException
    {
        ObjectKey key = key("uploads/model.safetensors");
        MultipartUpload upload = store().startUpload(key);
        long partSize = 5L * MIB;
        // sent out of order, and part 2 twice (a retry after a dropped connection)
        store().uploadPart(upload, 3, new Generated(1000, 3), 1000);
        store().uploadPart(upload, 1, new Generated(partSize, 1), partSize);
        store().uploadPart(upload, 2, new Generated(partSize, 99), partSize);

        ObjectStore restarted = reopen();
        assertThat(restarted.parts(upload)).extracting(UploadPart::number).containsExactly(1, 2, 3);
        restarted.uploadPart(upload, 2, new Generated(partSize, 2), partSize);
        ObjectInfo info = restarted.completeUpload(upload);

        InputStream expected = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new Generated(partSize, 1), new Generated(partSize, 2), new Generated(1000, 3))));
        assertThat(info.size()).isEqualTo(2 * partSize + 1000);
        assertThat(info.sha256()).isEqualTo(Sha256.of(expected));
        assertThat(restarted.verify(key).sha256()).isEqualTo(info.sha256());
    }

    @Test
    void anUploadWithAGapOrASmallPartIsRefused()
    {
        MultipartUpload gap = store().startUpload(key("u/gap"));
        store().uploadPart(gap, 1, new Generated(5L * MIB, 1), 5L * MIB);
        store().uploadPart(gap, 3, new Generated(10, 3), 10);
        assertThatThrownBy(() -> store().completeUpload(gap))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("lacks part 2");

        MultipartUpload small = store().startUpload(key("u/small"));
        store().uploadPart(small, 1, new Generated(10, 1), 10);
        store().uploadPart(small, 2, new Generated(10, 2), 10);
        assertThatThrownBy(() -> store().completeUpload(small))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("at least");
        assertThat(store().stat(key("u/small"))).isEmpty();
    }

    @Test
    void anAbortedUploadLeavesNothing()
    {
        MultipartUpload upload = store().startUpload(key("u/aborted"));
        store().uploadPart(upload, 1, new Generated(10, 1), 10);

        store().abortUpload(upload);

        assertThatThrownBy(() -> store().completeUpload(upload)).isInstanceOf(StorageException.class);
        assertThat(store().stat(key("u/aborted"))).isEmpty();
    }

    @Test
    void keysThatCouldEscapeOrReachTheStoresOwnFilesAreRefused()
    {
        for (String bad : List.of("../etc/passwd", "a/../../b", "/absolute", "a//b", "a/./b", "a\\..\\b", "trailing/", "nul\u0000byte")) {
            assertThatThrownBy(() -> new ObjectKey(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store().put(key(".meridian/sha256/x"), bytes("x"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
    }

    static ObjectKey key(String value)
    {
        return new ObjectKey(value);
    }

    static InputStream bytes(String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] read(InputStream in)
            throws IOException
    {
        try (in) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] content)
    {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(content));
    }

    /** {@code size} pseudo-random bytes from {@code seed}, generated as read. */
    static final class Generated
            extends InputStream
    {
        private long remaining;
        private long state;

        Generated(long size, long seed)
        {
            this.remaining = size;
            this.state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        @Override
        public int read()
        {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (int) (state >>> 56);
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
        {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) read();
            }
            return n;
        }
    }
}
