package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
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
}
