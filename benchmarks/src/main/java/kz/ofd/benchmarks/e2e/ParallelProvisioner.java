package kz.ofd.benchmarks.e2e;

import kz.ofd.simulator.provision.Bin;
import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.ManagementClient;

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
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Registers many KKMs through {@code POST /api/kkms} with several requests in flight at once (the simulator's
 * {@link ManagementClient} sends them one after another, which is slow for 10 000). Same request body as the
 * simulator's; ids are consecutive from {@code firstId}, so a fresh server never answers 409.
 */
final class ParallelProvisioner {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ParallelProvisioner() {
    }

    /**
     * @param manage   management base URL
     * @param count    how many KKMs
     * @param firstId  id of the first
     * @param inFlight most requests in flight
     * @param seed     seed for tokens and BINs
     * @return the KKMs' credentials
     * @throws IOException on the first refusal or failure
     */
    static List<KkmCredentials> provision(URI manage, int count, long firstId, int inFlight, long seed)
        throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        URI endpoint = manage.resolve("/api/kkms");
        SplittableRandom random = new SplittableRandom(seed);
        Semaphore permits = new Semaphore(inFlight);
        List<KkmCredentials> kkms = new ArrayList<>(count);
        List<CompletableFuture<Void>> calls = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                KkmCredentials kkm = new KkmCredentials(firstId + i, random.nextLong(1, KkmCredentials.MAX_U32 + 1));
                kkms.add(kkm);
                String body = ManagementClient.requestBody(kkm.id(), kkm.token(), Bin.generate(random), i + 1);
                HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                permits.acquire();
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> permits.release())
                    .thenAccept(r -> {
                        if (r.statusCode() / 100 != 2) {
                            throw new IllegalStateException("KKM " + kkm.id() + ": HTTP " + r.statusCode() + " "
                                + r.body());
                        }
                    }));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while provisioning", e);
        } catch (ExecutionException e) {
            throw new IOException("provisioning failed: " + e.getCause(), e.getCause());
        }
        return kkms;
    }

    /**
     * Writes a {@code --kkm-file} for the simulator.
     *
     * @param file destination
     * @param kkms credentials
     * @throws IOException when it cannot be written
     */
    static void writeKkmFile(Path file, List<KkmCredentials> kkms) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (KkmCredentials k : kkms) {
            sb.append(k.id()).append(' ').append(k.token()).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
