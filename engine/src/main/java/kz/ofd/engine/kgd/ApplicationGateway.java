package kz.ofd.engine.kgd;

import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.kgd.BatchSigner;
import kz.ofd.protocol.kgd.KgdWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends owners' KKM applications to KGD and delivers KGD's decisions, which come minutes to days later, as events
 * to its listeners (the cabinet, issue 8). An application is submitted once, signed by the OFD around the owner's
 * signature, and then polled until KGD decides; submitting again is safe (KGD deduplicates by application id).
 * Its own thread; {@link #submit} and {@link #onAnswer} are safe from any thread.
 *
 * <pre>
 * POST {base}/kgd/v1/applications      body {"applicationId", "kind", "document", "ownerSignature"}, X-Ofd-Signature
 *   202 {"applicationId", "status": "PENDING"}; 400/401 refused at once (delivered as a rejection)
 * GET  {base}/kgd/v1/applications/{id} 200 {"status": "PENDING" | "APPROVED" | "REJECTED", "rnm", "code", "reason"}
 * </pre>
 */
public final class ApplicationGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationGateway.class);

    private final URI base;
    private final BatchSigner signer;
    private final HttpClient http;
    private final Duration timeout = Duration.ofSeconds(10);
    private final Map<String, KkmApplication> pending = new ConcurrentHashMap<>();
    private final List<Consumer<KkmApplication.Answer>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;

    /**
     * @param base         KGD's base URL, e.g. {@code http://127.0.0.1:9090}
     * @param signer       the OFD's signer
     * @param pollInterval how often pending applications are asked about
     */
    public ApplicationGateway(URI base, BatchSigner signer, Duration pollInterval) {
        this.base = base;
        this.signer = signer;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ofd-kgd-applications");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @param listener receives every decision, on the gateway's thread */
    public void onAnswer(Consumer<KkmApplication.Answer> listener) {
        listeners.add(listener);
    }

    /** @return applications sent and not yet decided */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Queues an application; it is sent on the gateway's thread (again until KGD takes it).
     *
     * @param application the owner-signed application
     */
    public void submit(KkmApplication application) {
        pending.put(application.id(), application);
        timer.execute(() -> send(application));
    }

    private void send(KkmApplication application) {
        byte[] body = application.toJson().encode().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/kgd/v1/applications")).timeout(timeout)
            .header("content-type", "application/json")
            .header(KgdWire.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signer.sign(body)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() == 400 || r.statusCode() == 401) {
                JsonObject problem = new JsonObject(r.body());
                decide(application.id(), new KkmApplication.Answer(application.id(), false, null,
                    "refused_" + r.statusCode(), problem.getString("detail")));
            } else if (r.statusCode() != 202 && r.statusCode() != 200) {
                LOG.warn("event=kgd_application_send_failed id={} status={} action=retry_on_next_poll", application.id(),
                    r.statusCode());
            }
        } catch (IOException e) {
            LOG.warn("event=kgd_application_send_failed id={} cause=\"{}\" action=retry_on_next_poll", application.id(),
                e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        for (KkmApplication application : pending.values()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/kgd/v1/applications/"
                    + application.id())).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 404) {
                    send(application);   // KGD never got it: send again
                    continue;
                }
                if (r.statusCode() != 200) {
                    continue;
                }
                JsonObject status = new JsonObject(r.body());
                switch (status.getString("status", "")) {
                    case "APPROVED" -> decide(application.id(), new KkmApplication.Answer(application.id(), true,
                        status.getString("rnm"), null, null));
                    case "REJECTED" -> decide(application.id(), new KkmApplication.Answer(application.id(), false,
                        status.getString("rnm"), status.getString("code"), status.getString("reason")));
                    default -> {
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("event=kgd_application_poll_failed id={} cause=\"{}\"", application.id(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void decide(String id, KkmApplication.Answer answer) {
        if (pending.remove(id) == null) {
            return;
        }
        LOG.info("event=kgd_application_decided id={} approved={} rnm={} code={}", id, answer.approved(), answer.rnm(),
            answer.code());
        for (Consumer<KkmApplication.Answer> listener : listeners) {
            listener.accept(answer);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // A decision being delivered writes the cabinet's registry: it must finish before that store closes.
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("event=kgd_applications_stop_timeout seconds=10");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
