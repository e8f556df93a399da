package kz.ofd.engine.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Options, their validation at {@code conclude()}, config files, and the operations guide that lists them.
 */
final class ServerConfigurationTest {

    static Stream<Consumer<ServerConfiguration>> setters() {
        List<Consumer<ServerConfiguration>> setters = List.of(
            c -> c.dataDir(Path.of("x")),
            c -> c.kkmPort(1),
            c -> c.kkmHost("localhost"),
            c -> c.httpPort(1),
            c -> c.maxFrameBytes(100),
            c -> c.idleTimeoutMillis(1_000),
            c -> c.ringSize(8),
            c -> c.durability("sync"),
            c -> c.checkUrl("https://x"),
            c -> c.apply(new Properties()));
        return setters.stream();
    }

    @Test
    void shouldConcludeTheDefaults() {
        ServerConfiguration c = new ServerConfiguration();

        assertSame(c, c.conclude());
        assertEquals(Path.of("data"), c.dataDir());
        assertEquals("0.0.0.0", c.kkmHost());
        assertEquals(7_777, c.kkmPort());
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals(8_080, c.httpPort());
        assertEquals(1 << 20, c.maxFrameBytes());
        assertEquals(60_000, c.idleTimeoutMillis());
        assertTrue(c.ioThreads() >= 1);
        assertTrue(c.useEpoll());
        assertEquals(16_384, c.ringSize());
        assertEquals("async", c.durability());
        assertFalse(c.syncDurability());
        assertEquals("http://localhost:8080/check", c.checkUrl());
        assertEquals("OFD Engine", c.ofdName());
        assertEquals(-1, c.checkPort(), "no public port unless asked for");
        assertEquals("0.0.0.0", c.checkHost());
        assertEquals(60, c.checkRatePerMinute());
        assertEquals(20, c.checkBurst());
        assertEquals("none", c.cabinetPayments(), "no acquirer unless asked for");
        assertEquals(java.time.Duration.ofMinutes(1), c.cabinetBillingInterval());
        assertEquals("", c.cabinetPublicUrl());
    }

    @ParameterizedTest
    @CsvSource({
        "ofd.kkm.port, 70000",
        "ofd.kkm.port, -1",
        "ofd.http.port, 65536",
        "ofd.ring.size, 1000",
        "ofd.ring.size, 1",
        "ofd.ring.size, 0",
        "ofd.ring.size, -16",
        "ofd.durability, fast",
        "ofd.durability, ASYNC",
        "ofd.kkm.transport, io_uring",
        "ofd.check.url, ftp://x",
        "ofd.check.url, check.test",
        "ofd.kkm.max.frame.bytes, 10",
        "ofd.kkm.max.frame.bytes, 19",
        "ofd.kkm.idle.timeout.ms, 5",
        "ofd.kkm.idle.timeout.ms, 99",
        "ofd.kkm.io.threads, 0",
        "ofd.name, '  '",
        "ofd.check.port, 65536",
        "ofd.check.port, -2",
        "ofd.check.rate.per.minute, 0",
        "ofd.check.burst, 0",
        "ofd.check.burst, 100001",
        "ofd.cabinet.payments, real",
        "ofd.cabinet.billing.interval, 5",
        "ofd.cabinet.billing.interval, P2D",
        "ofd.cabinet.billing.interval, soon",
        "ofd.cabinet.billing.interval, PT-1M",
        "ofd.cabinet.public.url, cabinet.test"
    })
    void shouldRefuseAnInvalidValueNamingItsKey(String key, String value) {
        ServerConfiguration c = new ServerConfiguration().apply(props(key, value));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::conclude);

        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains("invalid configuration"), e.getMessage());
        c.kkmPort(7_777);   // a refused conclude leaves the object open for fixes
    }

    @ParameterizedTest
    @CsvSource({
        "ofd.kkm.port, 0",
        "ofd.kkm.port, 65535",
        "ofd.ring.size, 2",
        "ofd.ring.size, 1073741824",
        "ofd.durability, sync",
        "ofd.kkm.transport, nio",
        "ofd.check.url, https://consumer.oofd.kz",
        "ofd.kkm.max.frame.bytes, 20",
        "ofd.kkm.idle.timeout.ms, 100",
        "ofd.kkm.io.threads, 1",
        "ofd.check.port, -1",
        "ofd.check.port, 0",
        "ofd.check.rate.per.minute, 1",
        "ofd.check.burst, 1",
        "ofd.cabinet.payments, fake",
        "ofd.cabinet.payments, none",
        "ofd.cabinet.billing.interval, 10",
        "ofd.cabinet.billing.interval, PT0.2S",
        "ofd.cabinet.billing.interval, PT24H",
        "ofd.cabinet.public.url, https://cabinet.test"
    })
    void shouldAcceptTheBoundaryValues(String key, String value) {
        new ServerConfiguration().apply(props(key, value)).conclude();
    }

    @Test
    void shouldReadTheBillingIntervalAsMillisecondsOrAnIsoDuration() {
        assertEquals(java.time.Duration.ofMillis(250), new ServerConfiguration()
            .apply(props("ofd.cabinet.billing.interval", "250")).conclude().cabinetBillingInterval());
        assertEquals(java.time.Duration.ofSeconds(30), new ServerConfiguration()
            .apply(props("ofd.cabinet.billing.interval", " PT30S ")).conclude().cabinetBillingInterval());
        assertEquals(java.time.Duration.ofMillis(200), new ServerConfiguration()
            .cabinetBillingInterval(java.time.Duration.ofMillis(200)).conclude().cabinetBillingInterval());
    }

    @Test
    void shouldRefuseInvalidValuesGivenThroughSetters() {
        List<ServerConfiguration> invalid = List.of(
            new ServerConfiguration().kkmPort(70_000),
            new ServerConfiguration().ringSize(1_000),
            new ServerConfiguration().durability("fast"),
            new ServerConfiguration().checkUrl("ftp://x"),
            new ServerConfiguration().maxFrameBytes(10),
            new ServerConfiguration().idleTimeoutMillis(5));
        List<String> keys = List.of("ofd.kkm.port", "ofd.ring.size", "ofd.durability", "ofd.check.url",
            "ofd.kkm.max.frame.bytes", "ofd.kkm.idle.timeout.ms");
        for (int i = 0; i < invalid.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, invalid.get(i)::conclude);
            assertTrue(e.getMessage().contains(keys.get(i)), e.getMessage());
        }
    }

    @Test
    void shouldNameEveryInvalidKeyAtOnce() {
        Properties p = new Properties();
        p.setProperty("ofd.kkm.port", "70000");
        p.setProperty("ofd.ring.size", "1000");
        p.setProperty("ofd.durability", "fast");
        p.setProperty("ofd.kkm.transport", "io_uring");
        p.setProperty("ofd.check.url", "ftp://x");
        p.setProperty("ofd.kkm.max.frame.bytes", "10");
        p.setProperty("ofd.kkm.idle.timeout.ms", "5");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ServerConfiguration().apply(p).conclude());

        for (String key : p.stringPropertyNames()) {
            assertTrue(e.getMessage().contains(key), () -> key + " missing from: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("setters")
    void shouldRefuseChangesAfterConclude(Consumer<ServerConfiguration> setter) {
        ServerConfiguration c = new ServerConfiguration().conclude();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> setter.accept(c));

        assertTrue(e.getMessage().contains("concluded"), e.getMessage());
        assertEquals(7_777, c.kkmPort());
    }

    @Test
    void shouldRefuseASecondConclude() {
        ServerConfiguration c = new ServerConfiguration().conclude();

        assertThrows(IllegalStateException.class, c::conclude);
    }

    @Test
    void shouldRefuseAFileAfterConclude(@TempDir Path dir) throws IOException {
        Path file = write(dir, "ofd.kkm.port=1\n");
        ServerConfiguration c = new ServerConfiguration().conclude();

        assertThrows(IllegalStateException.class, () -> c.applyFile(file));
        assertEquals(7_777, c.kkmPort());
    }

    @Test
    void shouldApplyEveryKeyOfAFile(@TempDir Path dir) throws IOException {
        Path file = write(dir, String.join("\n",
            "# comment",
            "ofd.data.dir=/var/lib/ofd",
            "ofd.kkm.host=10.0.0.1",
            "ofd.kkm.port=7000",
            "ofd.http.host=0.0.0.0",
            "ofd.http.port=9090",
            "ofd.kkm.max.frame.bytes=65536",
            "ofd.kkm.idle.timeout.ms= 15000 ",
            "ofd.kkm.io.threads=3",
            "ofd.kkm.transport=nio",
            "ofd.ring.size=1024",
            "ofd.durability=sync",
            "ofd.check.url=https://consumer.test",
            "ofd.name=ОФД «Тест»",
            ""));

        ServerConfiguration c = new ServerConfiguration().applyFile(file).conclude();

        assertEquals(Path.of("/var/lib/ofd"), c.dataDir());
        assertEquals("10.0.0.1", c.kkmHost());
        assertEquals(7_000, c.kkmPort());
        assertEquals("0.0.0.0", c.httpHost());
        assertEquals(9_090, c.httpPort());
        assertEquals(65_536, c.maxFrameBytes());
        assertEquals(15_000, c.idleTimeoutMillis());
        assertEquals(3, c.ioThreads());
        assertFalse(c.useEpoll());
        assertEquals(1_024, c.ringSize());
        assertTrue(c.syncDurability());
        assertEquals("https://consumer.test", c.checkUrl());
        assertEquals("ОФД «Тест»", c.ofdName(), "config files are read as UTF-8");
    }

    @Test
    void shouldRefuseAFileWithAnUnknownKeyNamingIt(@TempDir Path dir) throws IOException {
        Path file = write(dir, "ofd.kkm.port=7000\nofd.kkm.prot=7001\n");
        ServerConfiguration c = new ServerConfiguration();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.applyFile(file));

        assertTrue(e.getMessage().contains("ofd.kkm.prot"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
        assertEquals(7_777, c.kkmPort(), "nothing of a refused file is applied");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ofd.kkm.port", "ofd.http.port", "ofd.kkm.max.frame.bytes", "ofd.kkm.idle.timeout.ms",
        "ofd.kkm.io.threads", "ofd.ring.size"})
    void shouldRefuseANumberThatIsNotANumberNamingTheKey(String key) {
        for (String value : new String[] {"abc", "", "7777x", "1.5", "0x10"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerConfiguration().apply(props(key, value)), () -> key + "=" + value);
            assertTrue(e.getMessage().contains(key), e.getMessage());
            assertTrue(e.getMessage().contains("must be a number"), e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ofd.kkm.port, 4294975073",
        "ofd.http.port, 4294967296",
        "ofd.ring.size, 4294967312",
        "ofd.kkm.max.frame.bytes, 4296015872",
        "ofd.kkm.io.threads, 4294967297"
    })
    void shouldRefuseAnIntOptionBeyondTheIntRangeInsteadOfWrappingIt(String key, String value) {
        // 4294975073 = 2^32 + 7777: cast to int it becomes the valid port 7777.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ServerConfiguration().apply(props(key, value)).conclude(),
            "BUG ServerConfiguration.intOf: " + key + "=" + value + " is silently truncated to int "
                + (int) Long.parseLong(value) + " and accepted; it must be refused naming the key");
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void shouldListThirtyFiveDistinctKnownKeys() {
        List<String> keys = ServerConfiguration.knownKeys();

        assertEquals(35, keys.size());
        assertEquals(keys.size(), keys.stream().distinct().count());
        assertTrue(keys.stream().allMatch(k -> k.startsWith("ofd.")), keys::toString);
    }

    @Test
    void shouldDocumentEveryKeyInTheOperationsGuide() throws IOException {
        Path guide = Path.of("..", "docs", "operations.md").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(guide), "docs/operations.md must exist and list every option: " + guide);
        String text = Files.readString(guide, StandardCharsets.UTF_8);

        List<String> missing = new ArrayList<>();
        for (String key : ServerConfiguration.knownKeys()) {
            if (!text.contains(key)) {
                missing.add(key);
            }
        }
        assertEquals(List.of(), missing, "options missing from docs/operations.md");
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = dir.resolve("ofd.properties");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
