package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.KkmRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KkmsTest {

    @TempDir
    Path dir;

    private static KkmRecord kkm(long org, String serial, String application) {
        return KkmRecord.newBuilder().setOrganizationId(org).setModelCode("WEBKASSA").setSerialNumber(serial)
            .setTradePointId(7).setStatus("AWAITING_REGISTRATION").setPendingApplicationId(application).build();
    }

    @Test
    void shouldScopeByOrganizationAndRefuseADuplicateSerialOfTheSameModel() {
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            KkmRecord a = r.kkms().create(kkm(1, "ai0130", "app-1"));
            assertTrue(r.kkms().get(1, a.getId()).isPresent());
            assertTrue(r.kkms().get(2, a.getId()).isEmpty(), "another organization does not see it");
            DuplicateException dup = assertThrows(DuplicateException.class, () -> r.kkms().create(kkm(2, " AI0130 ", "app-2")));
            assertEquals("serialNumber", dup.field());
            assertTrue(r.kkms().byApplication("app-2").isEmpty(), "a refused duplicate writes nothing");
            r.kkms().create(kkm(2, "AI0130", "app-3").toBuilder().setModelCode("E-KASSA").build());
            assertEquals(1, r.kkms().activeAt(1, 7));
            assertEquals(0, r.kkms().activeAt(1, 8));
        }
    }

    @Test
    void shouldFollowApplicationAndOfdIdIndexesAndReleaseTheSerialOnDeregistration() {
        long id;
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            id = r.kkms().create(kkm(1, "100010", "app-1")).getId();
            KkmRecord k = r.kkms().byApplication("app-1").orElseThrow();
            assertTrue(r.kkms().update(k.toBuilder().setStatus("REGISTERED").setPendingApplicationId("").setOfdId(501)
                .setRnm("620300000001").build()));
            assertTrue(r.kkms().byApplication("app-1").isEmpty());
            assertEquals(id, r.kkms().byOfdId(501).orElseThrow().getId());
            assertTrue(r.kkms().ofdIdTaken(501));
            assertFalse(r.kkms().update(k.toBuilder().setOrganizationId(2).build()), "not that organization's KKM");
        }
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            KkmRecord k = r.kkms().byOfdId(501).orElseThrow();
            assertThrows(DuplicateException.class, () -> r.kkms().create(kkm(1, "100010", "app-2")));
            r.kkms().update(k.toBuilder().setStatus("DEREGISTERED").build());
            assertEquals(0, r.kkms().activeAt(1, 7));
            KkmRecord again = r.kkms().create(kkm(3, "100010", "app-3"));
            assertEquals(id + 1, again.getId(), "ids continue after a restart");
            assertEquals(2, r.kkms().all().size());
        }
    }
}
