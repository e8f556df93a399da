package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.TradePointRecord;
import kz.ofd.cabinet.registry.proto.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CabinetRegistryTest {

    @TempDir
    Path dir;

    private static OrganizationRecord org(String idn) {
        return OrganizationRecord.newBuilder().setIdn(idn).setKind("LEGAL_ENTITY").setName("ТОО " + idn).build();
    }

    private static UserRecord user(String iin, String email) {
        return UserRecord.newBuilder().setIin(iin).setEmail(email).setRole("ADMIN").build();
    }

    @Test
    void shouldKeepRecordsAndSequencesAcrossReopen() {
        long firstPoint;
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            CabinetRegistry.SignedUp a = r.signUp(org(TestIds.bin(1)), user(TestIds.iin(1), "a@example.kz"));
            assertEquals(1, a.organization().getId());
            firstPoint = r.tradePoints().create(TradePointRecord.newBuilder().setOrganizationId(1).setName("A").build()).getId();
            r.oneTimeCodes().issue("login", TestIds.iin(1), "123456", "+77012345678", Long.MAX_VALUE, 3);
        }
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            assertEquals(TestIds.bin(1), r.organizations().byId(1).orElseThrow().getIdn());
            assertEquals(1, r.users().byLogin("A@EXAMPLE.KZ").orElseThrow().getOrganizationId());
            assertEquals(1, r.users().byLogin(TestIds.iin(1)).orElseThrow().getId());
            CabinetRegistry.SignedUp b = r.signUp(org(TestIds.bin(2)), user(TestIds.iin(2), ""));
            assertEquals(2, b.organization().getId(), "ids continue after a restart");
            assertEquals(2, b.user().getId());
            assertEquals(firstPoint + 1,
                r.tradePoints().create(TradePointRecord.newBuilder().setOrganizationId(2).build()).getId());
            assertEquals(OneTimeCodes.Check.OK, r.oneTimeCodes().check("login", TestIds.iin(1), "123456", 0).check(),
                "the code key survives a restart");
        }
    }

    @Test
    void shouldRefuseDuplicatesWithoutWritingAnything() {
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            r.signUp(org(TestIds.bin(1)), user(TestIds.iin(1), "a@example.kz"));
            DuplicateException idn = assertThrows(DuplicateException.class,
                () -> r.signUp(org(TestIds.bin(1)), user(TestIds.iin(2), "b@example.kz")));
            assertEquals("idn", idn.field());
            DuplicateException login = assertThrows(DuplicateException.class,
                () -> r.signUp(org(TestIds.bin(3)), user(TestIds.iin(3), "A@example.kz")));
            assertEquals("login", login.field());
            assertTrue(r.organizations().byIdn(TestIds.bin(3)).isEmpty(), "nothing of a refused sign-up is stored");
            assertTrue(r.users().byLogin(TestIds.iin(3)).isEmpty());
        }
    }

    @Test
    void shouldScopeTradePointsByOrganization() {
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            TradePointRecord p = r.tradePoints().create(TradePointRecord.newBuilder().setOrganizationId(1).setName("A").build());
            r.tradePoints().create(TradePointRecord.newBuilder().setOrganizationId(2).setName("B").build());
            assertTrue(r.tradePoints().get(2, p.getId()).isEmpty());
            assertFalse(r.tradePoints().delete(2, p.getId()));
            assertFalse(r.tradePoints().update(p.toBuilder().setOrganizationId(2).setName("X").build()));
            assertEquals(List.of(p), r.tradePoints().list(1));
            assertEquals(1, r.tradePoints().list(2).size());
        }
    }

    @Test
    void shouldRefuseRegistryOfAnotherFormatAndLeaveItIntact() throws Exception {
        try (CabinetRegistry r = CabinetRegistry.open(dir, new SecureRandom())) {
            r.signUp(org(TestIds.bin(1)), user(TestIds.iin(1), ""));
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (String f : RegistryKeys.FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.US_ASCII)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            db.put(handles.get(1), RegistryKeys.FORMAT_KEY, RegistryKeys.u64(99));
            handles.forEach(ColumnFamilyHandle::close);
        }
        RegistryException e = assertThrows(RegistryException.class, () -> CabinetRegistry.open(dir, new SecureRandom()));
        assertTrue(e.getMessage().contains("layout 99"), e.getMessage());
        handles.clear();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            assertTrue(db.get(handles.get(2), RegistryKeys.u64(1)) != null, "the data is still there");
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
