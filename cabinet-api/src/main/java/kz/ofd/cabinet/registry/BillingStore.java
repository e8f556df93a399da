package kz.ofd.cabinet.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.cabinet.registry.proto.AccountRecord;
import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
import kz.ofd.cabinet.registry.proto.PromoCodeRecord;
import kz.ofd.cabinet.registry.proto.SubscriptionRecord;
import kz.ofd.cabinet.registry.proto.TopUpRecord;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accounts, their append-only ledgers, card top-ups, subscriptions and promo codes (tariffs and billing). Every
 * change of a balance goes through {@link #post}, which — under this object's lock — reads the balance, refuses a
 * debit the balance does not cover, and writes the entry, the new balance, the entry's reference index and whatever
 * the caller changes with it (a subscription's new period, a used promo code, a paid top-up) in one synced
 * {@link WriteBatch}. A second entry under the same reference is not written: the first one is returned, so a retried
 * request or a repeated provider callback never moves money twice. A {@code PENDING} top-up is also in the index
 * {@code top_ups_pending}, keyed by when its outcome is next asked for ({@link #dueTopUps}); every write of a top-up
 * updates that index in the same batch (added at creation, moved when rescheduled, removed with the decision), so the
 * reconciliation never scans all top-ups. Thread-safe.
 */
public final class BillingStore {

    /** Ledger entry kind: money in from a card payment. */
    public static final String TOP_UP = "TOP_UP";
    /** Ledger entry kind: money out for a subscription period. */
    public static final String CHARGE = "CHARGE";
    /** Ledger entry kind: money back (an operator's correction). */
    public static final String REFUND = "REFUND";
    /** Top-up status while its outcome is not known. */
    public static final String PENDING = "PENDING";
    private static final byte[] PENDING_INDEXED = RegistryKeys.ascii("indexed.top_ups_pending");
    private static final Logger LOG = LoggerFactory.getLogger(BillingStore.class);

    private final CabinetRegistry registry;

    BillingStore(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param organizationId the owner
     * @return its account; a fresh one (balance 0) when nothing was ever posted
     */
    public AccountRecord account(long organizationId) {
        return registry.getRecord(registry.accountsCf, RegistryKeys.u64(organizationId), AccountRecord::parseFrom)
            .orElse(AccountRecord.newBuilder().setOrganizationId(organizationId).setNextEntryId(1).setNextTopUpId(1).build());
    }

    /**
     * @param organizationId the owner
     * @return every ledger entry, oldest first
     */
    public List<LedgerEntryRecord> entries(long organizationId) {
        return registry.scan(registry.ledgerCf, RegistryKeys.u64(organizationId), LedgerEntryRecord::parseFrom);
    }

    /**
     * @param organizationId the owner
     * @param reference      an entry's reference
     * @return the entry written under it
     */
    public Optional<LedgerEntryRecord> entryByReference(long organizationId, String reference) {
        byte[] id = registry.get(registry.ledgerByReference, RegistryKeys.withText(organizationId, reference));
        return id == null ? Optional.empty() : registry.getRecord(registry.ledgerCf,
            RegistryKeys.pair(organizationId, RegistryKeys.u64(id)), LedgerEntryRecord::parseFrom);
    }

    /** Writes that go into the same batch as a ledger entry. */
    public static final class Writes {
        private final WriteBatch batch;
        private final CabinetRegistry registry;

        private Writes(WriteBatch batch, CabinetRegistry registry) {
            this.batch = batch;
            this.registry = registry;
        }

        /** @param s a subscription to store with the entry */
        public void subscription(SubscriptionRecord s) {
            put(registry.subscriptionsCf, RegistryKeys.pair(s.getOrganizationId(), s.getKkmId()), s.toByteArray());
        }

        /** @param p a promo code to store with the entry */
        public void promoCode(PromoCodeRecord p) {
            put(registry.promoCodesCf, RegistryKeys.ascii(p.getCode()), p.toByteArray());
        }

        /** @param t a top-up to store with the entry (its pending-index entry follows its status) */
        public void topUp(TopUpRecord t) {
            try {
                putTopUp(batch, registry, t);
            } catch (RocksDBException e) {
                throw new RegistryException("cannot prepare a billing write", e);
            }
        }

        private void put(org.rocksdb.ColumnFamilyHandle cf, byte[] key, byte[] value) {
            try {
                batch.put(cf, key, value);
            } catch (RocksDBException e) {
                throw new RegistryException("cannot prepare a billing write", e);
            }
        }
    }

    /** What a caller writes together with an entry, given the entry as it will be stored (id, balance after). */
    @FunctionalInterface
    public interface Together {
        /**
         * @param writes the batch
         * @param entry  the entry being written
         */
        void add(Writes writes, LedgerEntryRecord entry);
    }

    /**
     * The outcome of {@link #post}.
     *
     * @param entry    the stored entry (the earlier one when replayed)
     * @param replayed whether an entry with the same reference already existed, so nothing was written
     */
    public record Posted(LedgerEntryRecord entry, boolean replayed) {
    }

    /** A debit larger than the balance: nothing was written. */
    public static final class InsufficientFundsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The balance at the time of the refusal, tiyn. */
        private final long balance;

        InsufficientFundsException(long balance, long amount) {
            super("the balance " + balance + " tiyn does not cover " + amount + " tiyn");
            this.balance = balance;
        }

        /** @return the balance at the time of the refusal, tiyn */
        public long balance() {
            return balance;
        }
    }

    /**
     * Posts one ledger entry atomically with the caller's other writes.
     *
     * @param draft    the entry without id and balance: organization, kind, amount (≥ 0), actor, reason, reference
     *                 (required, unique per organization), and what it is for
     * @param together more writes of the same batch (may be {@code null})
     * @return the entry, or the earlier entry with the same reference
     * @throws InsufficientFundsException when a {@link #CHARGE} exceeds the balance
     */
    public synchronized Posted post(LedgerEntryRecord draft, Together together) {
        if (draft.getReference().isEmpty() || draft.getAmountTiyn() < 0) {
            throw new IllegalArgumentException("an entry needs a reference and a non-negative amount");
        }
        long org = draft.getOrganizationId();
        Optional<LedgerEntryRecord> earlier = entryByReference(org, draft.getReference());
        if (earlier.isPresent()) {
            return new Posted(earlier.get(), true);
        }
        AccountRecord account = account(org);
        long balance = switch (draft.getKind()) {
            case TOP_UP, REFUND -> Math.addExact(account.getBalanceTiyn(), draft.getAmountTiyn());
            case CHARGE -> account.getBalanceTiyn() - draft.getAmountTiyn();
            default -> throw new IllegalArgumentException("unknown entry kind " + draft.getKind());
        };
        if (balance < 0) {
            throw new InsufficientFundsException(account.getBalanceTiyn(), draft.getAmountTiyn());
        }
        long id = account.getNextEntryId();
        LedgerEntryRecord entry = draft.toBuilder().setId(id).setBalanceAfterTiyn(balance).build();
        AccountRecord next = account.toBuilder().setBalanceTiyn(balance).setNextEntryId(id + 1).build();
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.accountsCf, RegistryKeys.u64(org), next.toByteArray());
            CabinetRegistry.put(batch, r.ledgerCf, RegistryKeys.pair(org, id), entry.toByteArray());
            CabinetRegistry.put(batch, r.ledgerByReference, RegistryKeys.withText(org, entry.getReference()),
                RegistryKeys.u64(id));
            if (together != null) {
                together.add(new Writes(batch, r), entry);
            }
        });
        return new Posted(entry, false);
    }

    // ---- top-ups ----

    /**
     * Stores a new pending top-up under its idempotency key, unless the key already has one.
     *
     * @param draft a top-up without id (organization, amount, key, user, created, status PENDING)
     * @return the stored top-up and whether it is new (false: the key's earlier top-up)
     */
    public synchronized Created<TopUpRecord> createTopUp(TopUpRecord draft) {
        long org = draft.getOrganizationId();
        Optional<TopUpRecord> earlier = topUpByKey(org, draft.getIdempotencyKey());
        if (earlier.isPresent()) {
            return new Created<>(earlier.get(), false);
        }
        AccountRecord account = account(org);
        long id = account.getNextTopUpId();
        TopUpRecord stored = draft.toBuilder().setId(id).build();
        AccountRecord next = account.toBuilder().setNextTopUpId(id + 1).build();
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.accountsCf, RegistryKeys.u64(org), next.toByteArray());
            CabinetRegistry.put(batch, r.topUpsCf, RegistryKeys.pair(org, id), stored.toByteArray());
            CabinetRegistry.put(batch, r.topUpByKey, RegistryKeys.withText(org, stored.getIdempotencyKey()),
                RegistryKeys.u64(id));
            CabinetRegistry.put(batch, r.topUpByPayment, orderKey(stored), RegistryKeys.pair(org, id));
            if (PENDING.equals(stored.getStatus())) {
                CabinetRegistry.put(batch, r.topUpsPendingCf, pendingKey(stored), new byte[0]);
            }
        });
        return new Created<>(stored, true);
    }

    /**
     * Stores a top-up and keeps its pending-index entry in step, in the caller's batch: the entry of the stored
     * version (if it was pending) is removed and one for the new version is added if it is pending. Callers hold this
     * store's lock.
     */
    private static void putTopUp(WriteBatch batch, CabinetRegistry r, TopUpRecord t) throws RocksDBException {
        byte[] key = RegistryKeys.pair(t.getOrganizationId(), t.getId());
        Optional<TopUpRecord> before = r.getRecord(r.topUpsCf, key, TopUpRecord::parseFrom);
        if (before.isPresent() && PENDING.equals(before.get().getStatus())) {
            batch.delete(r.topUpsPendingCf, pendingKey(before.get()));
        }
        if (PENDING.equals(t.getStatus())) {
            batch.put(r.topUpsPendingCf, pendingKey(t), new byte[0]);
        }
        batch.put(r.topUpsCf, key, t.toByteArray());
    }

    /** @return when a pending top-up is next due for a status query: its reconcile time, else its creation */
    public static long reconcileAt(TopUpRecord t) {
        return t.getReconcileAtMs() != 0 ? t.getReconcileAtMs() : t.getCreatedAtMs();
    }

    private static byte[] pendingKey(TopUpRecord t) {
        return ByteBuffer.allocate(3 * Long.BYTES).putLong(reconcileAt(t)).putLong(t.getOrganizationId()).putLong(t.getId())
            .array();
    }

    /**
     * The pending top-ups whose status query is due, soonest first (a walk of the pending index only).
     *
     * @param nowMs the time
     * @param limit at most this many
     * @return the top-ups as stored now (index entries whose top-up is gone or decided are skipped)
     */
    public List<TopUpRecord> dueTopUps(long nowMs, int limit) {
        List<TopUpRecord> out = new ArrayList<>();
        try (RocksIterator it = registry.iterator(registry.topUpsPendingCf)) {
            for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
                ByteBuffer key = ByteBuffer.wrap(it.key());
                if (key.getLong() > nowMs) {
                    break;
                }
                topUp(key.getLong(), key.getLong()).filter(t -> PENDING.equals(t.getStatus())).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Puts the pending top-ups into the pending index, once per registry (the index came after top-ups did): a scan
     * of all top-ups, run at the first open by a build that has the index; later opens only check a meta key.
     */
    void indexPendingTopUpsOnce() {
        if (registry.get(registry.meta, PENDING_INDEXED) != null) {
            return;
        }
        int[] indexed = {0};
        registry.write((batch, r) -> {
            r.forEach(r.topUpsCf, (key, value) -> {
                try {
                    TopUpRecord t = TopUpRecord.parseFrom(value);
                    if (PENDING.equals(t.getStatus())) {
                        batch.put(r.topUpsPendingCf, pendingKey(t), new byte[0]);
                        indexed[0]++;
                    }
                } catch (InvalidProtocolBufferException | RocksDBException e) {
                    throw new RegistryException("cannot index the pending top-ups", e);
                }
            });
            CabinetRegistry.put(batch, r.meta, PENDING_INDEXED, new byte[0]);
        });
        if (indexed[0] > 0) {
            LOG.info("event=top_ups_pending_indexed count={}", indexed[0]);
        }
    }

    /**
     * A record and whether this call created it.
     *
     * @param record  the record
     * @param created false when an earlier one was returned
     * @param <T>     record type
     */
    public record Created<T>(T record, boolean created) {
    }

    /**
     * @param t a top-up
     * @return the order id the payment provider knows it by
     */
    public static String orderId(TopUpRecord t) {
        return "ofd-" + t.getOrganizationId() + "-" + t.getId();
    }

    private static byte[] orderKey(TopUpRecord t) {
        return orderId(t).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param t a top-up to store as it is now (provider id, next status query, status without a ledger entry); its
     *          pending-index entry moves or goes with it in the same batch
     */
    public synchronized void updateTopUp(TopUpRecord t) {
        registry.write((batch, r) -> putTopUp(batch, r, t));
    }

    /**
     * @param organizationId the owner
     * @param key            the client's idempotency key
     * @return the top-up created under it
     */
    public Optional<TopUpRecord> topUpByKey(long organizationId, String key) {
        byte[] id = registry.get(registry.topUpByKey, RegistryKeys.withText(organizationId, key));
        return id == null ? Optional.empty() : topUp(organizationId, RegistryKeys.u64(id));
    }

    /**
     * @param orderId the order id of {@link #orderId}
     * @return the top-up
     */
    public Optional<TopUpRecord> topUpByOrder(String orderId) {
        byte[] key = registry.get(registry.topUpByPayment, orderId.getBytes(StandardCharsets.US_ASCII));
        if (key == null) {
            return Optional.empty();
        }
        return registry.getRecord(registry.topUpsCf, key, TopUpRecord::parseFrom);
    }

    /**
     * @param organizationId the owner
     * @param id             the top-up
     * @return it, when it is the organization's
     */
    public Optional<TopUpRecord> topUp(long organizationId, long id) {
        return registry.getRecord(registry.topUpsCf, RegistryKeys.pair(organizationId, id), TopUpRecord::parseFrom);
    }

    /**
     * @param organizationId the owner
     * @return its top-ups, oldest first
     */
    public List<TopUpRecord> topUps(long organizationId) {
        return registry.scan(registry.topUpsCf, RegistryKeys.u64(organizationId), TopUpRecord::parseFrom);
    }

    // ---- subscriptions ----

    /**
     * @param organizationId the owner
     * @param kkmId          the KKM
     * @return its subscription
     */
    public Optional<SubscriptionRecord> subscription(long organizationId, long kkmId) {
        return registry.getRecord(registry.subscriptionsCf, RegistryKeys.pair(organizationId, kkmId),
            SubscriptionRecord::parseFrom);
    }

    /**
     * @param organizationId the owner
     * @return its subscriptions by KKM id
     */
    public List<SubscriptionRecord> subscriptions(long organizationId) {
        return registry.scan(registry.subscriptionsCf, RegistryKeys.u64(organizationId), SubscriptionRecord::parseFrom);
    }

    /** @return every subscription of every organization (the renewal scheduler's sweep) */
    public List<SubscriptionRecord> allSubscriptions() {
        return registry.scan(registry.subscriptionsCf, new byte[0], SubscriptionRecord::parseFrom);
    }

    /** @param s a subscription to store as it is (a change that moves no money) */
    public synchronized void putSubscription(SubscriptionRecord s) {
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.subscriptionsCf,
            RegistryKeys.pair(s.getOrganizationId(), s.getKkmId()), s.toByteArray()));
    }

    /**
     * Stores a subscription together with the signed tariff application that changed it, in one batch.
     *
     * @param s           the subscription as it is now
     * @param application the signed application (its organization names the owner)
     * @return the stored application
     */
    public synchronized kz.ofd.cabinet.registry.proto.SignedApplicationRecord putSubscription(
        SubscriptionRecord s, kz.ofd.cabinet.registry.proto.SignedApplicationRecord application) {
        return registry.organizationDocuments().write(application, (batch, r) -> CabinetRegistry.put(batch,
            r.subscriptionsCf, RegistryKeys.pair(s.getOrganizationId(), s.getKkmId()), s.toByteArray()));
    }

    // ---- promo codes ----

    /**
     * @param code 25 characters
     * @return the promo code
     */
    public Optional<PromoCodeRecord> promoCode(String code) {
        return registry.getRecord(registry.promoCodesCf, RegistryKeys.ascii(code), PromoCodeRecord::parseFrom);
    }

    /**
     * @param p a new promo code
     * @throws DuplicateException when the code exists
     */
    public synchronized void createPromoCode(PromoCodeRecord p) {
        if (promoCode(p.getCode()).isPresent()) {
            throw new DuplicateException("code", "the promo code exists");
        }
        putPromoCode(p);
    }

    /** @param p a promo code to store as it is (blocked, used) */
    public synchronized void putPromoCode(PromoCodeRecord p) {
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.promoCodesCf, RegistryKeys.ascii(p.getCode()),
            p.toByteArray()));
    }

    /** @return all promo codes (operator's view) */
    public List<PromoCodeRecord> promoCodes() {
        return new ArrayList<>(registry.scan(registry.promoCodesCf, new byte[0], PromoCodeRecord::parseFrom));
    }
}
