package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
import kz.ofd.cabinet.registry.proto.TopUpRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger: a charge never takes the balance below zero, even when many race for it; an entry's reference makes
 * it idempotent; balances and entries survive a reopen.
 */
@Timeout(60)
class BillingStoreTest {

    @TempDir
    Path dir;

    private static LedgerEntryRecord entry(String kind, long amount, String reference) {
        return LedgerEntryRecord.newBuilder().setOrganizationId(7).setKind(kind).setAmountTiyn(amount).setAtMs(1)
            .setActor("test").setReason("test").setReference(reference).build();
    }

    @Test
    void shouldNeverChargeBelowZeroUnderConcurrentCharges() throws Exception {
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            BillingStore store = registry.billing();
            store.post(entry(BillingStore.TOP_UP, 1_000, "top-up:1"), null);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    String ref = "charge:" + i;
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            store.post(entry(BillingStore.CHARGE, 100, ref), null);
                            return true;
                        } catch (BillingStore.InsufficientFundsException e) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                int charged = 0;
                for (Future<Boolean> f : results) {
                    charged += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(10, charged, "exactly what 1 000 tiyn cover");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, store.account(7).getBalanceTiyn());
            assertEquals(11, store.entries(7).size(), "refused charges wrote nothing");
            assertThrows(BillingStore.InsufficientFundsException.class,
                () -> store.post(entry(BillingStore.CHARGE, 1, "charge:late"), null));
        }
    }

    @Test
    void shouldWriteAnEntryOncePerReferenceAndKeepItAcrossAReopen() {
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            BillingStore store = registry.billing();
            BillingStore.Posted first = store.post(entry(BillingStore.TOP_UP, 5_000, "top-up:9"), null);
            BillingStore.Posted again = store.post(entry(BillingStore.TOP_UP, 5_000, "top-up:9"), null);
            assertTrue(again.replayed());
            assertEquals(first.entry(), again.entry());
            store.post(entry(BillingStore.CHARGE, 1_200, "charge:1"), null);
            store.post(entry(BillingStore.REFUND, 200, "refund:1"), null);
        }
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            BillingStore store = registry.billing();
            assertEquals(4_000, store.account(7).getBalanceTiyn());
            List<LedgerEntryRecord> entries = store.entries(7);
            assertEquals(List.of(5_000L, 3_800L, 4_000L), entries.stream().map(LedgerEntryRecord::getBalanceAfterTiyn).toList());
            assertEquals(List.of(1L, 2L, 3L), entries.stream().map(LedgerEntryRecord::getId).toList());
            assertEquals(0, store.account(8).getBalanceTiyn(), "another organization's account is its own");
        }
    }

    private static TopUpRecord pending(String key, long createdAt, long reconcileAt) {
        return TopUpRecord.newBuilder().setOrganizationId(7).setUserId(1).setAmountTiyn(10_000).setIdempotencyKey(key)
            .setStatus(BillingStore.PENDING).setCreatedAtMs(createdAt).setReconcileAtMs(reconcileAt).build();
    }

    private static List<String> keys(List<TopUpRecord> topUps) {
        return topUps.stream().map(TopUpRecord::getIdempotencyKey).toList();
    }

    @Test
    void shouldIndexPendingTopUpsByTheirNextQueryAndDropThemWithTheirDecision() {
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            BillingStore store = registry.billing();
            TopUpRecord a = store.createTopUp(pending("pending-a", 1_000, 5_000)).record();
            TopUpRecord b = store.createTopUp(pending("pending-b", 2_000, 4_000)).record();
            TopUpRecord c = store.createTopUp(pending("pending-c", 3_000, 6_000)).record();
            assertEquals(List.of(), store.dueTopUps(3_999, 10), "nothing is due yet");
            assertEquals(List.of("pending-b", "pending-a"), keys(store.dueTopUps(5_000, 10)), "soonest first");
            assertEquals(List.of("pending-b"), keys(store.dueTopUps(Long.MAX_VALUE, 1)), "bounded");

            store.updateTopUp(b.toBuilder().setReconcileAtMs(9_000).setProviderPaymentId("p-b").build());
            assertEquals(List.of("pending-a", "pending-c", "pending-b"), keys(store.dueTopUps(Long.MAX_VALUE, 10)),
                "rescheduled: moved, not duplicated");
            assertEquals("p-b", store.dueTopUps(Long.MAX_VALUE, 10).get(2).getProviderPaymentId());

            store.updateTopUp(a.toBuilder().setStatus("FAILED").setFailureReason("card declined").build());
            store.post(LedgerEntryRecord.newBuilder().setOrganizationId(7).setKind(BillingStore.TOP_UP).setAmountTiyn(10_000)
                .setAtMs(7_000).setActor("test").setReason("test").setReference("top-up:" + c.getId()).build(),
                (w, e) -> w.topUp(c.toBuilder().setStatus("PAID").setEntryId(e.getId()).build()));
            assertEquals(List.of("pending-b"), keys(store.dueTopUps(Long.MAX_VALUE, 10)));
            store.updateTopUp(store.topUp(7, b.getId()).orElseThrow().toBuilder().setStatus("FAILED").build());
            assertEquals(List.of(), store.dueTopUps(Long.MAX_VALUE, 10), "decided top-ups leave the index");
            assertEquals(0, registry.keys(registry.topUpsPendingCf, new byte[0]).size(), "no stale index entries");
            assertEquals(3, store.topUps(7).size());
        }
    }

    @Test
    void shouldIndexThePendingTopUpsOfAnOlderRegistryOnceAtOpen() throws Exception {
        long paidId;
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            BillingStore store = registry.billing();
            store.createTopUp(pending("older-1", 1_000, 0));
            paidId = store.createTopUp(pending("older-2", 2_000, 0)).record().getId();
            store.updateTopUp(store.topUp(7, paidId).orElseThrow().toBuilder().setStatus("FAILED").build());
            // As a registry written before the index existed: no index entries, no marker.
            registry.write((batch, r) -> {
                for (byte[] key : r.keys(r.topUpsPendingCf, new byte[0])) {
                    batch.delete(r.topUpsPendingCf, key);
                }
                batch.delete(r.meta, RegistryKeys.ascii("indexed.top_ups_pending"));
            });
            assertEquals(List.of(), store.dueTopUps(Long.MAX_VALUE, 10));
        }
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            assertEquals(List.of("older-1"), keys(registry.billing().dueTopUps(1_000, 10)),
                "the pending one is indexed, due from its creation");
        }
    }
}
