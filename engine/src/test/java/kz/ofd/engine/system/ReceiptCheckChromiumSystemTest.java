package kz.ofd.engine.system;

import kz.ofd.protocol.proto.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The receipt page of a real ticket rendered by headless Chromium: a screenshot is kept as test output in
 * {@code engine/target/receipt-check/receipt.png}, and the rendered DOM must carry the fiscal sign and no element a
 * register's text could have injected. Chromium is required: without it the test fails (CI installs it, see
 * {@code .ci/run}); set {@code OFD_CHROMIUM} to use another binary.
 */
final class ReceiptCheckChromiumSystemTest {

    private static final Path OUTPUT = Path.of("target", "receipt-check");
    private static final long BROWSER_TIMEOUT_SECONDS = 90;

    @TempDir
    Path dir;

    private EngineFixture engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void shouldRenderARealReceiptInHeadlessChromiumAndKeepTheScreenshot() throws Exception {
        String chromium = chromium();
        engine = ReceiptCheckSystemTest.start(dir.resolve("data"), c -> { });
        EngineFixture.Kkm kkm = ReceiptCheckSystemTest.kkm(engine);
        Response answer = kkm.ok(ReceiptCheckSystemTest.sale());
        String sign = answer.getTicket().getTicketNumber();
        String url = ReceiptCheckSystemTest.local(engine, answer);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(20)).until(() -> http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        Files.createDirectories(OUTPUT);
        Path png = OUTPUT.resolve("receipt.png").toAbsolutePath();
        Files.deleteIfExists(png);

        run(chromium, "screenshot", "--screenshot=" + png, "--window-size=600,1200", "--hide-scrollbars", url);
        String dom = run(chromium, "dump-dom", "--dump-dom", url);

        assertTrue(Files.isRegularFile(png), "chromium wrote no screenshot at " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "the screenshot is not a PNG ImageIO can decode: " + png);
        assertEquals(600, image.getWidth());
        assertTrue(image.getHeight() >= 600, "height " + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 10, "the screenshot is (nearly) one colour: " + colours.size() + " colours");
        assertTrue(dom.contains("<span id=\"fiscal-sign\">" + sign + "</span>"), dom);
        assertTrue(dom.contains("Продажа") && dom.contains("1734.50"), dom);
        assertFalse(dom.contains("<script"), "an item name became a script element: " + dom);
        assertTrue(dom.contains("&lt;script&gt;alert('xss')&lt;/script&gt;"), "the item name is shown as text: " + dom);
    }

    /** @return the browser binary, failing clearly when there is none */
    private static String chromium() {
        String configured = System.getenv("OFD_CHROMIUM");
        List<String> candidates = configured != null && !configured.isBlank() ? List.of(configured)
            : List.of("chromium", "chromium-browser", "google-chrome");
        for (String candidate : candidates) {
            if (candidate.contains(File.separator) ? Files.isExecutable(Path.of(candidate)) : onPath(candidate)) {
                return candidate;
            }
        }
        return fail("headless Chromium is required for the receipt-page test and was not found (" + candidates
            + "): install it with `apt-get install -y chromium` (CI's .ci/run does) or set OFD_CHROMIUM");
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    /** Runs headless Chromium with a fresh profile and a time limit; returns its standard output. */
    private String run(String chromium, String name, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium " + name + " took longer than " + BROWSER_TIMEOUT_SECONDS + " s: " + tail(stderr));
        }
        assertEquals(0, p.exitValue(), () -> "chromium " + name + " failed: " + tail(stderr));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
