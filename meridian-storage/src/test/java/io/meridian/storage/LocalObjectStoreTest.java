package io.meridian.storage;

import io.meridian.storage.StorageException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalObjectStoreTest
        extends ObjectStoreContract
{
    @TempDir
    Path root;
    @TempDir
    Path outside;

    private LocalObjectStore store;

    @BeforeEach
    void open()
    {
        store = new LocalObjectStore(root);
    }

    @Override
    ObjectStore store()
    {
        return store;
    }

    @Override
    ObjectStore reopen()
    {
        return new LocalObjectStore(root);
    }

    @Override
    void corrupt(ObjectKey key)
            throws IOException
    {
        Files.writeString(store.file(key), "tampered content", StandardCharsets.UTF_8);
    }

    @Test
    void anObjectIsAPlainFileAWorkloadCanMount()
            throws IOException
    {
        store.put(key("datasets/ds-1/train.jsonl"), bytes("{}\n"), 3);

        assertThat(root.resolve("datasets/ds-1/train.jsonl")).hasContent("{}");
        assertThat(store.file(key("datasets/ds-1/train.jsonl"))).isEqualTo(root.toRealPath().resolve("datasets/ds-1/train.jsonl"));
    }

    @Test
    void aSymbolicLinkPlantedUnderTheRootIsNeverFollowed()
            throws IOException
    {
        Files.createSymbolicLink(root.resolve("escape"), outside);

        assertThatThrownBy(() -> store.put(key("escape/owned.txt"), bytes("x"), 1))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.open(key("escape/owned.txt"))).isInstanceOf(StorageException.class);
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void whatACrashLeftHalfWrittenIsRemovedAndAMissingChecksumIsRecomputed()
            throws IOException
    {
        store.put(key("c/file"), bytes("content"), -1);
        Path leftover = Files.writeString(root.resolve(".meridian/tmp/half-written"), "partial");
        // a crash between installing the object and recording its checksum
        Files.delete(root.resolve(".meridian/sha256/c/file"));

        LocalObjectStore restarted = new LocalObjectStore(root);

        assertThat(leftover).doesNotExist();
        assertThat(restarted.verify(key("c/file")).sha256()).isEqualTo(sha256("content".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anObjectCannotShadowADirectoryOfOtherObjects()
    {
        store.put(key("d/inner"), bytes("x"), 1);

        assertThatThrownBy(() -> store.put(key("d"), bytes("y"), 1))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
        assertThatThrownBy(() -> store.put(key("d/inner/deeper"), bytes("y"), 1))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }
}
