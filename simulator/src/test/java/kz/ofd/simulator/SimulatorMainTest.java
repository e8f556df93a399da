package kz.ofd.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorMainTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        return SimulatorMain.run(args, out, err);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintUsageAndExitZeroForHelp() {
        assertEquals(0, run("--help"));
        String out = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Usage: ofd simulate --target HOST:PORT"), out);
        assertTrue(out.contains("--close-shift-every"), out);
        for (String option : new String[] {"--rate R", "--checks on|off", "--histogram-log FILE", "--mix full|basic"}) {
            assertTrue(out.contains(option), option + " in " + out);
        }
    }

    @Test
    void shouldRejectABadRate() {
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", "k", "--rate", "0"));
        assertTrue(err().contains("bad --rate '0': must be above 0"), err());
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", "k", "--rate", "fast"));
        assertTrue(err().contains("bad --rate 'fast': not a number"), err());
    }

    @Test
    void shouldParseTheOpenLoopOptions() throws UsageException {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {"--target", "127.0.0.1:7777", "--kkm-file", "k",
            "--rate", "1500.5", "--checks", "off", "--histogram-log", "h.hlog", "--mix", "basic"});
        assertEquals(1500.5, o.rate());
        assertEquals(false, o.checks());
        assertEquals(java.nio.file.Path.of("h.hlog"), o.histogramLog());
        assertEquals(SimulatorOptions.Mix.BASIC, o.mix());
        SimulatorOptions closed = SimulatorOptions.parse(new String[] {"--target", "127.0.0.1:7777", "--kkm-file", "k"});
        assertEquals(0, closed.rate());
        assertEquals(true, closed.checks());
        assertEquals(SimulatorOptions.Mix.FULL, closed.mix());
    }

    @Test
    void shouldRejectAnUnknownOption() {
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", "x", "--frobnicate", "3"));
        assertTrue(err().contains("unknown option --frobnicate"), err());
        assertTrue(err().contains("--help"), err());
    }

    @Test
    void shouldRequireTarget() {
        assertEquals(2, run("--kkm-file", "kkms.txt"));
        assertTrue(err().contains("--target HOST:PORT is required"), err());
    }

    @Test
    void shouldRejectABadDuration() {
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", "k", "--duration", "20 parsecs"));
        assertTrue(err().contains("bad duration '20 parsecs'"), err());
    }

    @Test
    void shouldRejectAZeroDuration() {
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", "k", "--duration=0s"));
        assertTrue(err().contains("must be greater than zero"), err());
    }

    @Test
    void shouldRequireExactlyOneKkmSource() {
        assertEquals(2, run("--target", "127.0.0.1:7777"));
        assertTrue(err().contains("exactly one of --manage URL or --kkm-file FILE"), err());
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", "k", "--manage", "http://127.0.0.1:8080"));
    }

    @Test
    void shouldRejectAMissingValueAndABadMode() {
        assertEquals(2, run("--target"));
        assertTrue(err().contains("option --target needs a value"), err());
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", "k", "--mode", "sometimes"));
        assertTrue(err().contains("bad --mode 'sometimes'"), err());
    }

    @Test
    void shouldRejectABadTargetPort() {
        assertEquals(2, run("--target", "127.0.0.1:99999", "--kkm-file", "k"));
        assertTrue(err().contains("--target port"), err());
    }

    @Test
    void shouldRejectAMissingOrMalformedKkmFile(@TempDir Path dir) throws Exception {
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", dir.resolve("absent.txt").toString()));
        assertTrue(err().contains("cannot read --kkm-file"), err());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "12345 0\n");
        assertEquals(2, run("--target", "127.0.0.1:7777", "--kkm-file", bad.toString()));
        assertTrue(err().contains("token must be"), err());
    }

    @Test
    void shouldParseDurationsInAllUnits() throws UsageException {
        assertEquals(500, SimulatorOptions.parseDuration("500ms").toMillis());
        assertEquals(20_000, SimulatorOptions.parseDuration("20s").toMillis());
        assertEquals(120_000, SimulatorOptions.parseDuration("2m").toMillis());
    }

    @Test
    void shouldApplyDefaults() throws UsageException {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {"--target", "localhost:7777", "--manage", "http://h:1"});
        assertEquals(16, o.kkms());
        assertEquals(SimulatorOptions.Mode.KEEPALIVE, o.mode());
        assertEquals(20, o.duration().toSeconds());
        assertEquals(42, o.seed());
        assertEquals(203, o.version());
        assertEquals(50, o.closeShiftEvery());
        assertEquals(SimulatorOptions.Mix.FULL, o.mix());
        assertEquals(7, o.readTimeout().toSeconds());
        assertEquals(5, o.connectTimeout().toSeconds());
    }
}
