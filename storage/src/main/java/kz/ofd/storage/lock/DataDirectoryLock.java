package kz.ofd.storage.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code <data>/ofd.lock}, so two servers can never share one data directory.
 * Held for the life of the server; released by {@link #close} or by the OS when the process dies.
 */
public final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails at once.
     *
     * @param dataDir data directory (created if missing)
     * @return the held lock
     * @throws IllegalStateException if another process holds it
     */
    public static DataDirectoryLock acquire(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("ofd.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("data directory " + dataDir + " is in use by another OFD server");
            }
            return new DataDirectoryLock(channel, lock);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IllegalStateException("data directory " + dataDir + " is already locked by this process", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock data directory " + dataDir, e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
