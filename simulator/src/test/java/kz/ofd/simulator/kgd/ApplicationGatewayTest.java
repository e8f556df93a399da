package kz.ofd.simulator.kgd;

import io.vertx.core.json.JsonObject;
import kz.ofd.engine.kgd.ApplicationGateway;
import kz.ofd.engine.kgd.KkmApplication;
import kz.ofd.protocol.kgd.BatchSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KKM applications through the gateway to the KGD simulator: decisions arrive later, as events: a registration
 * approved with a new 12-digit RNM, one rejected with a code and reason, a deregistration with its reason, and an
 * application whose owner signature does not match refused at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ApplicationGatewayTest {

    private final BatchSigner ofd = BatchSigner.generate("CN=Test OFD", false);
    private final BatchSigner owner = BatchSigner.generate("CN=ТОО Ромашка, SERIALNUMBER=IIN180340021791", false);
    private final Map<String, KkmApplication.Answer> answers = new ConcurrentHashMap<>();
    private KgdSimulator kgd;
    private ApplicationGateway gateway;

    @BeforeEach
    void start() throws Exception {
        kgd = new KgdSimulator(ofd.certificate(), 3);
        kgd.applicationDelay(Duration.ofMillis(300));
        int port = kgd.start("127.0.0.1", 0);
        gateway = new ApplicationGateway(URI.create("http://127.0.0.1:" + port), ofd, Duration.ofMillis(50));
        gateway.onAnswer(a -> answers.put(a.applicationId(), a));
    }

    @AfterEach
    void stop() {
        gateway.close();
        kgd.close();
    }

    private KkmApplication signed(String id, KkmApplication.Kind kind, JsonObject document) {
        return new KkmApplication(id, kind, document, owner.sign(document.encode().getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonObject registration(String serial) {
        return new JsonObject().put("bin", "180340021791").put("model", "Штрих-М 01").put("serialNumber", serial)
            .put("year", 2025).put("pointName", "Магазин №1").put("address", "г. Алматы, ул. Абая, 1");
    }

    @Test
    void shouldDeliverApprovalsAndRejectionsAsEventsLater() {
        kgd.rejectSerial("SN-STOLEN", "KKM_WANTED", "the factory number is registered as stolen");
        gateway.submit(signed("app-1", KkmApplication.Kind.REGISTRATION, registration("SN-1")));
        gateway.submit(signed("app-2", KkmApplication.Kind.REGISTRATION, registration("SN-STOLEN")));
        gateway.submit(signed("app-3", KkmApplication.Kind.DEREGISTRATION, new JsonObject().put("rnm", "620300144467")
            .put("reason", KkmApplication.DeregistrationReason.THEFT_OR_LOSS.name())));
        assertTrue(answers.isEmpty(), "KGD takes its time");

        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 3);
        KkmApplication.Answer approved = answers.get("app-1");
        assertTrue(approved.approved());
        assertTrue(approved.rnm().matches("\\d{12}"), approved.rnm());
        KkmApplication.Answer rejected = answers.get("app-2");
        assertFalse(rejected.approved());
        assertEquals("KKM_WANTED", rejected.code());
        assertEquals("the factory number is registered as stolen", rejected.reason());
        assertTrue(answers.get("app-3").approved());
        assertEquals("620300144467", answers.get("app-3").rnm());
        assertEquals(0, gateway.pendingCount());
    }

    @Test
    void shouldRejectADeregistrationWithoutReasonAndRefuseAForgedOwnerSignature() {
        gateway.submit(signed("app-4", KkmApplication.Kind.DEREGISTRATION, new JsonObject().put("rnm", "620300144467")));
        JsonObject document = registration("SN-5");
        byte[] otherBytes = registration("SN-6").encode().getBytes(StandardCharsets.UTF_8);
        gateway.submit(new KkmApplication("app-5", KkmApplication.Kind.REGISTRATION, document, owner.sign(otherBytes)));

        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 2);
        assertEquals("INVALID_DATA", answers.get("app-4").code());
        assertEquals("a deregistration needs one of the seven reasons", answers.get("app-4").reason());
        KkmApplication.Answer forged = answers.get("app-5");
        assertFalse(forged.approved());
        assertEquals("refused_400", forged.code());
        assertTrue(forged.reason().startsWith("the owner's signature"), forged.reason());
        assertNull(forged.rnm());
        assertEquals(List.of(), List.copyOf(kgd.keys()), "no documents involved");
        assertEquals(7, KkmApplication.DeregistrationReason.values().length);
    }
}
