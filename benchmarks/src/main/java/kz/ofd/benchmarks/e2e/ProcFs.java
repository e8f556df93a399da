package kz.ofd.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux's {@code /proc} says about a process: CPU time (user + system, {@code /proc/PID/stat}) and resident
 * memory ({@code VmRSS} of {@code /proc/PID/status}). Clock ticks per second from {@code getconf CLK_TCK}.
 */
final class ProcFs {

    private static final int UTIME_FIELD = 14;
    private static final long DEFAULT_CLK_TCK = 100;
    private static final long CLK_TCK = clockTicks();

    private ProcFs() {
    }

    /**
     * @return whether {@code /proc/self/stat} can be read (Linux)
     */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /**
     * @param pid process id
     * @return user + system CPU time of the process (all its threads) in nanoseconds, or -1 if unknown
     */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // Field 2 (comm) is in parentheses and may contain spaces; fields are counted after its closing one.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[UTIME_FIELD - 3]) + Long.parseLong(f[UTIME_FIELD - 2]);
            return ticks * 1_000_000_000L / CLK_TCK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @param pid process id
     * @return resident set size in bytes, or -1 if unknown
     */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @return clock ticks per second of {@code /proc/PID/stat}
     */
    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            long t = Long.parseLong(text);
            return t > 0 ? t : DEFAULT_CLK_TCK;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_CLK_TCK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_CLK_TCK;
        }
    }
}
