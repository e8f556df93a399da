package kz.ofd.cabinet.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.UserRecord;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The cabinet registry: one RocksDB with the column families of {@link RegistryKeys}, and typed repositories over
 * it ({@link #organizations()}, {@link #users()}, {@link #sessions()}, {@link #oneTimeCodes()},
 * {@link #tradePoints()}, {@link #kkms()}, {@link #groups()}, {@link #serviceCentreGrants()}). Writes that change
 * several keys together go through one {@link WriteBatch}, synced
 * to disk. Thread-safe: reads are lock-free; writes that must check uniqueness first (a new IIN/BIN, a new
 * login) are serialized on this object, which is plenty for cabinet traffic.
 */
public final class CabinetRegistry implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final WriteOptions syncWrites;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle organizationsCf;
    final ColumnFamilyHandle organizationByIdn;
    final ColumnFamilyHandle usersCf;
    final ColumnFamilyHandle userByLogin;
    final ColumnFamilyHandle sessionsCf;
    final ColumnFamilyHandle codesCf;
    final ColumnFamilyHandle tradePointsCf;
    final ColumnFamilyHandle usersByOrganization;
    final ColumnFamilyHandle groupsCf;
    final ColumnFamilyHandle centreGrantsCf;
    final ColumnFamilyHandle centreGrantsByCentre;
    final ColumnFamilyHandle serviceCentres;
    final ColumnFamilyHandle kkmsCf;
    final ColumnFamilyHandle kkmBySerial;
    final ColumnFamilyHandle kkmByApplication;
    final ColumnFamilyHandle kkmByOfdId;
    private final AtomicLong nextOrganization;
    private final AtomicLong nextUser;
    private final AtomicLong nextTradePoint;
    private final AtomicLong nextKkm;
    private final byte[] otpKey;
    private final Organizations organizations;
    private final Users users;
    private final Sessions sessions;
    private final OneTimeCodes oneTimeCodes;
    private final TradePoints tradePoints;
    private final AtomicLong nextGroup;
    private final AtomicLong nextCentreGrant;
    private final Groups groups;
    private final ServiceCentreGrants serviceCentreGrants;
    private final Kkms kkms;
    final ColumnFamilyHandle accountsCf;
    final ColumnFamilyHandle ledgerCf;
    final ColumnFamilyHandle ledgerByReference;
    final ColumnFamilyHandle topUpsCf;
    final ColumnFamilyHandle topUpByKey;
    final ColumnFamilyHandle topUpByPayment;
    final ColumnFamilyHandle subscriptionsCf;
    final ColumnFamilyHandle promoCodesCf;
    private final BillingStore billing;
    final ColumnFamilyHandle contractsCf;
    final ColumnFamilyHandle organizationDocumentsCf;
    private final AtomicLong nextContract;
    private final AtomicLong nextOrganizationDocument;
    private final OrganizationDocuments organizationDocuments;
    final ColumnFamilyHandle topUpsPendingCf;

    private CabinetRegistry(DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db, List<ColumnFamilyHandle> handles,
                            byte[] otpKey) {
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.syncWrites = new WriteOptions().setSync(true);
        this.db = db;
        this.handles = handles;
        this.meta = handles.get(1);
        this.organizationsCf = handles.get(2);
        this.organizationByIdn = handles.get(3);
        this.usersCf = handles.get(4);
        this.userByLogin = handles.get(5);
        this.sessionsCf = handles.get(6);
        this.codesCf = handles.get(7);
        this.tradePointsCf = handles.get(8);
        this.kkmsCf = handles.get(9);
        this.kkmBySerial = handles.get(10);
        this.kkmByApplication = handles.get(11);
        this.kkmByOfdId = handles.get(12);
        this.nextOrganization = new AtomicLong(sequence("organization"));
        this.nextUser = new AtomicLong(sequence("user"));
        this.nextTradePoint = new AtomicLong(sequence("trade_point"));
        this.nextKkm = new AtomicLong(sequence("kkm"));
        this.otpKey = otpKey;
        this.organizations = new Organizations(this);
        this.users = new Users(this);
        this.sessions = new Sessions(this);
        this.oneTimeCodes = new OneTimeCodes(this);
        this.tradePoints = new TradePoints(this);
        this.usersByOrganization = handle(handles, "users_by_organization");
        this.groupsCf = handle(handles, "groups");
        this.centreGrantsCf = handle(handles, "service_centre_grants");
        this.centreGrantsByCentre = handle(handles, "service_centre_grants_by_centre");
        this.serviceCentres = handle(handles, "service_centres");
        this.nextGroup = new AtomicLong(sequence("group"));
        this.nextCentreGrant = new AtomicLong(sequence("service_centre_grant"));
        this.groups = new Groups(this);
        this.serviceCentreGrants = new ServiceCentreGrants(this);
        this.kkms = new Kkms(this);
        this.accountsCf = handle(handles, "accounts");
        this.ledgerCf = handle(handles, "ledger");
        this.ledgerByReference = handle(handles, "ledger_by_reference");
        this.topUpsCf = handle(handles, "top_ups");
        this.topUpByKey = handle(handles, "top_up_by_key");
        this.topUpByPayment = handle(handles, "top_up_by_payment");
        this.subscriptionsCf = handle(handles, "subscriptions");
        this.promoCodesCf = handle(handles, "promo_codes");
        this.billing = new BillingStore(this);
        this.contractsCf = handle(handles, "contracts");
        this.organizationDocumentsCf = handle(handles, "organization_documents");
        this.nextContract = new AtomicLong(sequence("contract"));
        this.nextOrganizationDocument = new AtomicLong(sequence("organization_document"));
        this.organizationDocuments = new OrganizationDocuments(this);
        this.topUpsPendingCf = handle(handles, "top_ups_pending");
        billing.indexPendingTopUpsOnce();
    }

    /** @return the handle of a column family by its name in {@link RegistryKeys#FAMILIES} (after the default one) */
    private static ColumnFamilyHandle handle(List<ColumnFamilyHandle> handles, String family) {
        int i = RegistryKeys.FAMILIES.indexOf(family);
        if (i < 0) {
            throw new IllegalStateException("no column family " + family);
        }
        return handles.get(i + 1);
    }

    /**
     * Opens the registry, creating it (with a fresh one-time-code key) when the directory is empty.
     *
     * @param dir    the registry directory, e.g. {@code data/registry}
     * @param random source of the one-time-code HMAC key on first creation
     * @return the open registry
     * @throws RegistryException when it cannot be opened or has another layout
     */
    public static CabinetRegistry open(Path dir, SecureRandom random) {
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        for (String family : RegistryKeys.FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(family.getBytes(StandardCharsets.US_ASCII), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException | java.io.IOException e) {
            cfOptions.close();
            dbOptions.close();
            throw new RegistryException("cannot open the cabinet registry at " + dir, e);
        }
        try {
            ColumnFamilyHandle meta = handles.get(1);
            byte[] format = db.get(meta, RegistryKeys.FORMAT_KEY);
            byte[] otpKey = db.get(meta, RegistryKeys.OTP_KEY);
            if (format == null) {
                otpKey = new byte[32];
                random.nextBytes(otpKey);
                try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
                    batch.put(meta, RegistryKeys.FORMAT_KEY, RegistryKeys.u64(RegistryKeys.FORMAT));
                    batch.put(meta, RegistryKeys.OTP_KEY, otpKey);
                    db.write(sync, batch);
                }
            } else if (RegistryKeys.u64(format) != RegistryKeys.FORMAT) {
                throw new RegistryException("the cabinet registry at " + dir + " has layout " + RegistryKeys.u64(format)
                    + ", this build reads layout " + RegistryKeys.FORMAT + "; it is never emptied automatically");
            }
            return new CabinetRegistry(dbOptions, cfOptions, db, handles, otpKey);
        } catch (RocksDBException | RuntimeException e) {
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            cfOptions.close();
            dbOptions.close();
            throw e instanceof RegistryException r ? r : new RegistryException("cannot read the registry meta at " + dir, e);
        }
    }

    /** @return organizations by id and IIN/BIN */
    public Organizations organizations() {
        return organizations;
    }

    /** @return users by id and login */
    public Users users() {
        return users;
    }

    /** @return sessions by token hash */
    public Sessions sessions() {
        return sessions;
    }

    /** @return one-time codes */
    public OneTimeCodes oneTimeCodes() {
        return oneTimeCodes;
    }

    /** @return trade points by organization */
    public TradePoints tradePoints() {
        return tradePoints;
    }

    /** @return groups of users by organization */
    public Groups groups() {
        return groups;
    }

    /** @return service centres' access to client organizations' KKMs */
    public ServiceCentreGrants serviceCentreGrants() {
        return serviceCentreGrants;
    }

    long nextGroupId() {
        return nextGroup.getAndIncrement();
    }

    long nextCentreGrantId() {
        return nextCentreGrant.getAndIncrement();
    }

    long nextUserId() {
        return nextUser.getAndIncrement();
    }

    /** @return KKMs by organization, serial number, application and OFD id */
    public Kkms kkms() {
        return kkms;
    }

    /** @return accounts, ledgers, top-ups, subscriptions and promo codes (tariffs and billing) */
    public BillingStore billing() {
        return billing;
    }

    /** @return the contracts and the organization-level signed documents (contract, tariff applications) */
    public OrganizationDocuments organizationDocuments() {
        return organizationDocuments;
    }

    long nextContractNumber() {
        return nextContract.getAndIncrement();
    }

    long nextOrganizationDocumentSeq() {
        return nextOrganizationDocument.getAndIncrement();
    }

    byte[] otpKey() {
        return otpKey.clone();
    }

    /**
     * Signs up an organization with its first user in one atomic write: the organization, its IIN/BIN index entry,
     * the user, and the user's logins (IIN, and the e-mail when given).
     *
     * @param organization the organization, without an id
     * @param user         its first user (the administrator), without ids
     * @return the stored organization and user, with their ids
     * @throws DuplicateException when the IIN/BIN already has an organization or a login is taken
     */
    public synchronized SignedUp signUp(OrganizationRecord organization, UserRecord user) {
        byte[] idnKey = organization.getIdn().getBytes(StandardCharsets.US_ASCII);
        if (get(organizationByIdn, idnKey) != null) {
            throw new DuplicateException("idn", "an organization with IIN/BIN " + organization.getIdn()
                + " is already signed up");
        }
        List<byte[]> logins = Users.loginKeys(user);
        for (byte[] login : logins) {
            if (get(userByLogin, login) != null) {
                throw new DuplicateException("login", "the login " + new String(login, StandardCharsets.UTF_8)
                    + " is already taken");
            }
        }
        long orgId = nextOrganization.getAndIncrement();
        long userId = nextUser.getAndIncrement();
        OrganizationRecord org = organization.toBuilder().setId(orgId).build();
        UserRecord u = user.toBuilder().setId(userId).setOrganizationId(orgId).build();
        write((batch, unused) -> {
            put(batch, meta, RegistryKeys.sequenceKey("organization"), RegistryKeys.u64(orgId + 1));
            put(batch, meta, RegistryKeys.sequenceKey("user"), RegistryKeys.u64(userId + 1));
            put(batch, organizationsCf, RegistryKeys.u64(orgId), org.toByteArray());
            put(batch, organizationByIdn, idnKey, RegistryKeys.u64(orgId));
            put(batch, usersCf, RegistryKeys.u64(userId), u.toByteArray());
            put(batch, usersByOrganization, RegistryKeys.pair(orgId, userId), new byte[0]);
            for (byte[] login : logins) {
                put(batch, userByLogin, login, RegistryKeys.u64(userId));
            }
        });
        return new SignedUp(org, u);
    }

    /**
     * The result of {@link #signUp}.
     *
     * @param organization the stored organization
     * @param user         the stored administrator
     */
    public record SignedUp(OrganizationRecord organization, UserRecord user) {
    }

    long nextTradePointId() {
        return nextTradePoint.getAndIncrement();
    }

    long nextKkmId() {
        return nextKkm.getAndIncrement();
    }

    private long sequence(String name) {
        byte[] v = get(meta, RegistryKeys.sequenceKey(name));
        return v == null ? 1 : RegistryKeys.u64(v);
    }

    byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, key);
        } catch (RocksDBException e) {
            throw new RegistryException("cannot read the cabinet registry", e);
        }
    }

    <T extends MessageLite> Optional<T> getRecord(ColumnFamilyHandle cf, byte[] key, Parser<T> parser) {
        byte[] v = get(cf, key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.parse(v));
        } catch (InvalidProtocolBufferException e) {
            throw new RegistryException("a registry record does not parse", e);
        }
    }

    /** A protobuf {@code parseFrom}. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    /**
     * @return the values of every key starting with {@code prefix}, in key order
     */
    <T extends MessageLite> List<T> scan(ColumnFamilyHandle cf, byte[] prefix, Parser<T> parser) {
        List<T> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                out.add(parser.parse(it.value()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new RegistryException("a registry record does not parse", e);
        }
        return out;
    }

    /**
     * @return the keys starting with {@code prefix}, in order (for index families whose values are empty)
     */
    List<byte[]> keys(ColumnFamilyHandle cf, byte[] prefix) {
        List<byte[]> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                out.add(key);
            }
        }
        return out;
    }

    /** @return an iterator over a column family (the caller closes it) */
    RocksIterator iterator(ColumnFamilyHandle cf) {
        return db.newIterator(cf);
    }

    /** Every key/value of a column family, for sweeps (sessions, codes): small families only. */
    void forEach(ColumnFamilyHandle cf, BiConsumer<byte[], byte[]> action) {
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(it.key(), it.value());
            }
        }
    }

    /** Fills a batch and writes it atomically and durably. */
    void write(BatchWork work) {
        try (WriteBatch batch = new WriteBatch()) {
            work.fill(batch, this);
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new RegistryException("cannot write the cabinet registry", e);
        }
    }

    /** What goes into one write batch. */
    @FunctionalInterface
    interface BatchWork {
        void fill(WriteBatch batch, CabinetRegistry registry) throws RocksDBException;
    }

    static void put(WriteBatch batch, ColumnFamilyHandle cf, byte[] key, byte[] value) throws RocksDBException {
        batch.put(cf, key, value);
    }

    ColumnFamilyHandle meta() {
        return meta;
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        syncWrites.close();
        cfOptions.close();
        dbOptions.close();
    }
}
