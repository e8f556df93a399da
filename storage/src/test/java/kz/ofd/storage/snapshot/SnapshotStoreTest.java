package kz.ofd.storage.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SnapshotStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteReadAndKeepOnlyTheNewest() {
        SnapshotStore store = new SnapshotStore(dir, 2);
        store.write(10, new byte[] {1});
        store.write(4_294_967_400L, new byte[] {2, 2});
        Path newest = store.write(4_294_967_500L, new byte[0]);
        List<Path> files = store.newestFirst();
        assertEquals(2, files.size());
        assertEquals(newest, files.get(0));
        SnapshotStore.Snapshot s = store.read(files.get(1));
        assertEquals(4_294_967_400L, s.journalIndex());
        assertArrayEquals(new byte[] {2, 2}, s.state());
        assertEquals(0, store.read(newest).state().length);
    }

    @Test
    void shouldRefuseAFlippedBitATruncationAndAForeignFile() throws IOException {
        SnapshotStore store = new SnapshotStore(dir, 3);
        Path file = store.write(7, new byte[] {1, 2, 3, 4});
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertTrue(assertThrows(IllegalStateException.class, () -> store.read(file)).getMessage().contains("CRC32C"));

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 2));
        assertTrue(assertThrows(IllegalStateException.class, () -> store.read(file)).getMessage().contains("holds"));

        Files.write(file, new byte[] {'n', 'o', 'p', 'e'});
        assertTrue(assertThrows(IllegalStateException.class, () -> store.read(file)).getMessage().contains("header"));
    }

    @Test
    void shouldIgnoreLeftoverTemporaryFiles() throws IOException {
        SnapshotStore store = new SnapshotStore(dir, 3);
        Files.write(dir.resolve("snapshot-00000000000000000009.bin.tmp"), new byte[] {9});
        store.write(5, new byte[] {5});
        assertEquals(List.of(dir.resolve("snapshot-00000000000000000005.bin")), store.newestFirst());
    }
}
