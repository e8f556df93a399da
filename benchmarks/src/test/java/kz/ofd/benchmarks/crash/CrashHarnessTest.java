package kz.ofd.benchmarks.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI-sized crash run: a real server process killed with SIGKILL under load four times; nothing acknowledged
 * may be lost or duplicated, and every check after each restart must pass. The full run is {@code ./ofd crash-test}
 * (docs/reliability.md).
 */
final class CrashHarnessTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nothingAcknowledgedIsLostOrDuplicatedAcrossKills() throws Exception {
        long seed = System.nanoTime();
        CrashHarness.Report report = CrashHarness.run(new CrashHarness.Options(4, 6, seed, 150, 700, "async", dir));
        System.out.println("CrashHarnessTest: " + report);
        assertTrue(report.failures().isEmpty(), report::toString);
        assertEquals(4, report.kills(), report::toString);
        assertTrue(report.acknowledged() > 0, report::toString);
        assertEquals(0, report.lost(), report::toString);
        assertEquals(0, report.duplicates(), report::toString);
        assertEquals(report.acknowledged(), report.journaled(), report::toString);
        assertTrue(report.lastChecks() > 0 && report.reportChecks() > 0, "restarts were checked: " + report);
    }
}
