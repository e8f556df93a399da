package kz.ofd.cabinet.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import kz.ofd.cabinet.CabinetSettings;
import kz.ofd.cabinet.MutableClock;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.signature.ChallengeSignatureVerifier;
import kz.ofd.cabinet.signature.TrustMaterial;
import kz.ofd.cabinet.spi.PhoneOwnership;
import kz.ofd.cabinet.spi.TradePointKkms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The hand-written OpenAPI document and the router describe the same routes: every route is documented, and
 * every documented operation exists.
 */
class OpenApiSyncTest {

    @TempDir
    Path dir;

    @Test
    void shouldDocumentExactlyTheRoutesOfTheRouter() throws Exception {
        JsonObject doc;
        try (InputStream in = CabinetServer.class.getResourceAsStream("/kz/ofd/cabinet/openapi.json")) {
            assertNotNull(in, "openapi.json is on the classpath");
            doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Set<String> documented = new TreeSet<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.replaceAll("\\{(\\w+)}", ":$1"));
                assertNotNull(paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses"), path);
            }
        }
        Set<String> routed = new TreeSet<>();
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            CabinetServer server = new CabinetServer(new CabinetServer.Dependencies(registry, CabinetSettings.defaults(),
                new MutableClock(Instant.EPOCH), new ChallengeSignatureVerifier(new TrustMaterial(List.of(), List.of()), true),
                (phone, code, purpose) -> { }, PhoneOwnership.UNVERIFIED, TradePointKkms.none()),
                new kz.ofd.cabinet.billing.FakePaymentProvider(), CabinetServer.DEMO_SELLER);
            try {
                for (Route route : server.router().getRoutes()) {
                    // The fake acquirer's pages stand for the card provider's site: not the cabinet's API.
                    if (route.getPath() != null && route.methods() != null
                        && !route.getPath().startsWith(kz.ofd.cabinet.billing.FakePaymentProvider.CHECKOUT_PATH)) {
                        for (HttpMethod m : route.methods()) {
                            routed.add(m.name() + " " + route.getPath());
                        }
                    }
                }
            } finally {
                server.close();
            }
        }
        assertFalse(routed.isEmpty());
        assertEquals(routed, documented);
    }
}
