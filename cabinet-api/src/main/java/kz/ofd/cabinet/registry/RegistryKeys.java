package kz.ofd.cabinet.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The on-disk layout of the cabinet registry (RocksDB under {@code data/registry}): one column family per record
 * type or access path; integer keys fixed-width big-endian so ranges scan in order; values are the protobuf
 * messages of {@code cabinet_registry.proto}.
 *
 * <pre>
 * column family          key                                         value
 * ---------------------  ------------------------------------------  --------------------------------------
 * meta                   "format"                                    u64 FORMAT
 *                        "next.organization" / "next.user" /         u64 next id to hand out
 *                        "next.trade_point"
 *                        "otp.key"                                   32 random bytes, HMAC key of codes
 *                        "indexed.top_ups_pending"                   empty: top_ups_pending was filled from
 *                                                                    top_ups once (registries made before it)
 * organizations          +------------------+                        OrganizationRecord
 *                        | org id  u64 BE   |
 *                        +------------------+
 * organization_by_idn    IIN/BIN, 12 ASCII digits                    u64 org id
 * users                  user id u64 BE                              UserRecord
 * user_by_login          login, UTF-8, lower case (IIN or e-mail)    u64 user id
 * sessions               SHA-256 of the bearer token, 32 bytes       SessionRecord
 * one_time_codes         purpose, UTF-8 ":" subject (e.g. login:IIN)   OneTimeCodeRecord
 * trade_points           +------------------+------------------+     TradePointRecord
 *                        | org id  u64 BE   | point id u64 BE  |
 *                        +------------------+------------------+
 * users_by_organization  org id u64 BE ‖ user id u64 BE              empty (index)
 * groups                 org id u64 BE ‖ group id u64 BE             GroupRecord
 * service_centre_grants  client org id u64 BE ‖ grant id u64 BE      ServiceCentreGrantRecord
 * service_centre_grants_by_centre
 *                        centre org id u64 BE ‖ grant id u64 BE      u64 client org id (index)
 * service_centres        org id u64 BE                               empty (directory of ЦТО)
 * kkms                   org id u64 BE | KKM id u64 BE                KkmRecord
 * kkm_by_serial          model code UTF-8 | 0x00 | serial, upper case  org id | KKM id (16 bytes)
 * kkm_by_application     application id, ASCII                       org id | KKM id (16 bytes)
 * kkm_by_ofd_id          OFD id u64 BE                               org id | KKM id (16 bytes)
 * accounts               org id u64 BE                               AccountRecord (balance, next ids)
 * ledger                 org id u64 BE ‖ entry id u64 BE             LedgerEntryRecord (append-only)
 * ledger_by_reference    org id u64 BE ‖ reference UTF-8             u64 entry id (idempotency of entries)
 * top_ups                org id u64 BE ‖ top-up id u64 BE            TopUpRecord
 * top_up_by_key          org id u64 BE ‖ idempotency key UTF-8       u64 top-up id
 * top_up_by_payment      provider payment id UTF-8                   org id ‖ top-up id (16 bytes)
 * subscriptions          org id u64 BE ‖ KKM id u64 BE               SubscriptionRecord
 * promo_codes            code, 25 ASCII                              PromoCodeRecord
 * contracts              org id u64 BE                               ContractRecord (written once)
 * organization_documents org id u64 BE ‖ seq u64 BE                  SignedApplicationRecord (contract, tariff
 *                                                                    applications)
 * top_ups_pending        reconcile at ms u64 BE ‖ org id u64 BE ‖       empty (index of PENDING top-ups, written
 *                        top-up id u64 BE                            and removed with the top-up's own batch)
 * </pre>
 * A KKM's serial number is unique per model among KKMs that are not deregistered or refused (the entry is removed
 * then, so the machine can be registered again, e.g. by a new owner).
 * Trade points are keyed by organization first: a point can only be found together with the organization that
 * owns it, and listing an organization's points is one prefix scan. Unlike the document index, the registry is
 * the only copy of cabinet data: a registry of another format is refused, never emptied.
 */
public final class RegistryKeys {

    /** Layout version written under {@link #FORMAT_KEY}. */
    public static final long FORMAT = 1;
    /** Meta key of the layout version. */
    public static final byte[] FORMAT_KEY = ascii("format");
    /** Meta key of the HMAC key one-time codes are stored under. */
    public static final byte[] OTP_KEY = ascii("otp.key");

    /** Column family names, in the order they are opened (after the default one). */
    public static final List<String> FAMILIES = List.of("meta", "organizations", "organization_by_idn", "users",
        "user_by_login", "sessions", "one_time_codes", "trade_points", "kkms", "kkm_by_serial", "kkm_by_application",
        "kkm_by_ofd_id",
        // users, groups and service centres (appended; their handles are looked up by name, not position)
        "users_by_organization", "groups", "service_centre_grants", "service_centre_grants_by_centre",
        "service_centres",
        // tariffs and the account (appended; looked up by name)
        "accounts", "ledger", "ledger_by_reference", "top_ups", "top_up_by_key", "top_up_by_payment",
        "subscriptions", "promo_codes",
        // the contract and organization-level signed documents (appended; looked up by name)
        "contracts", "organization_documents",
        // PENDING card top-ups by when the tick next asks the provider (appended; looked up by name)
        "top_ups_pending");

    private RegistryKeys() {
    }

    /**
     * @param name an ASCII string
     * @return its bytes
     */
    public static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param sequence a sequence name (organization, user, trade_point)
     * @return its meta key
     */
    public static byte[] sequenceKey(String sequence) {
        return ascii("next." + sequence);
    }

    /**
     * @param v an unsigned 64-bit value
     * @return 8 bytes big-endian
     */
    public static byte[] u64(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    /**
     * @param b 8 bytes big-endian
     * @return the value
     */
    public static long u64(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    /**
     * @param organizationId owner
     * @param pointId        trade point, or 0 for the first key of the organization's range
     * @return the 16-byte trade point key
     */
    public static byte[] tradePoint(long organizationId, long pointId) {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(organizationId).putLong(pointId).array();
    }

    /**
     * @param first  an owner id (organization)
     * @param second an id inside it (user, group, grant), or 0 for the first key of the range
     * @return the 16-byte key first ‖ second
     */
    public static byte[] pair(long first, long second) {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(first).putLong(second).array();
    }

    /**
     * @param organizationId owner
     * @param kkmId          KKM, or 0 for the first key of the organization's range
     * @return the 16-byte KKM key
     */
    public static byte[] kkm(long organizationId, long kkmId) {
        return tradePoint(organizationId, kkmId);
    }

    /**
     * @param modelCode    catalogue code
     * @param serialNumber factory number as typed
     * @return the kkm_by_serial key: model, a zero byte, the serial in upper case
     */
    public static byte[] kkmSerial(String modelCode, String serialNumber) {
        return (modelCode + "\0" + serialNumber.trim().toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param first  an owner id (organization)
     * @param text   a string key inside it (a reference, an idempotency key)
     * @return first ‖ text as UTF-8
     */
    public static byte[] withText(long first, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Long.BYTES + t.length).putLong(first).put(t).array();
    }

    /**
     * @param login an IIN or an e-mail as typed
     * @return the user_by_login key: trimmed, lower case, UTF-8
     */
    public static byte[] login(String login) {
        return login.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param purpose e.g. {@code signup} or {@code login}
     * @param subject e.g. an IIN
     * @return the one_time_codes key
     */
    public static byte[] oneTimeCode(String purpose, String subject) {
        return (purpose + ":" + subject).getBytes(StandardCharsets.UTF_8);
    }
}
