package kz.ofd.storage.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash leaves either the old content or the new, never a part: write a temporary
 * sibling, force it, rename it over the target atomically, force the directory. Used for snapshots and the KGD
 * position. Stateless.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * @param target the file to replace or create
     * @param parts  its new content, in order
     * @throws IOException when it cannot be written (the target is then unchanged; the temporary file is removed)
     */
    public static void write(Path target, ByteBuffer... parts) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
                long left = 0;
                for (ByteBuffer part : parts) {
                    left += part.remaining();
                }
                while (left > 0) {
                    left -= ch.write(parts);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory; the rename is then as durable as they make it.
        }
    }
}
