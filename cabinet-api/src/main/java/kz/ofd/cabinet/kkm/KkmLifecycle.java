package kz.ofd.cabinet.kkm;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.DuplicateException;
import kz.ofd.cabinet.registry.proto.KkmEventRecord;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.TradePointRecord;
import kz.ofd.cabinet.signature.ChallengeSignatureVerifier;
import kz.ofd.cabinet.spi.KgdApplications;
import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.cabinet.validate.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The KKM lifecycle (manual 001 §3.2 registration, §4 token, §5 deregistration, §8 re-registration): an owner-signed
 * application goes to KGD; KGD's decision, which comes later on the gateway's thread, moves the KKM on; a registered
 * KKM is registered in the engine, which issues its OFD id and token. Every status change is journaled by the engine
 * ({@link KkmEngine#record}) before it is stored here, so the journal is the audit trail.
 *
 * <pre>
 *   application signed ──► AWAITING_REGISTRATION ──KGD approves──► REGISTERED ◄──KGD approves── AWAITING_REREGISTRATION
 *                                  │ KGD refuses                    │  │  ▲ KGD refuses             ▲
 *                                  ▼                                │  └──┼────────────────────────┘ re-registration signed
 *                           REFUSED_BY_KGD        deregistration ──►│     │ KGD refuses
 *                                              signed, shift closed ▼     │
 *                                                   AWAITING_DEREGISTRATION ──KGD approves──► DEREGISTERED
 * </pre>
 *
 * The document an owner signs is a compact JSON object built here, field by field in a fixed order, from the
 * application's data; the owner's CMS must be over exactly those bytes (attached or detached). A re-registration or
 * deregistration document names the KKM's last change ({@code basedOn}), so a signed document cannot be replayed
 * after the KKM has changed. Mutations are serialized on this object (cabinet traffic is small). Thread-safe.
 */
public final class KkmLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(KkmLifecycle.class);

    private final CabinetRegistry registry;
    private final OwnerSignature ownerSignature;
    private final KkmEngine engine;
    private final KgdApplications kgd;
    private final Clock clock;
    private final SecureRandom random;
    private volatile Listener listener = Listener.NONE;

    /** What else happens when KGD registers or deregisters a KKM (billing: its subscription starts or stops). */
    public interface Listener {
        /** Nothing else happens. */
        Listener NONE = new Listener() {
            @Override
            public void registered(KkmRecord kkm) {
                // nothing
            }

            @Override
            public void deregistered(KkmRecord kkm) {
                // nothing
            }
        };

        /** @param kkm the KKM as stored, REGISTERED with its OFD id */
        void registered(KkmRecord kkm);

        /** @param kkm the KKM as stored, DEREGISTERED */
        void deregistered(KkmRecord kkm);
    }

    /**
     * @param l told after KGD's registration or deregistration is stored (on the gateway's thread); its failure is
     *          logged and does not undo the change
     */
    public void listen(Listener l) {
        this.listener = l;
    }

    /**
     * What an owner applies to register.
     *
     * @param name         the owner's label for the KKM
     * @param model        catalogue model
     * @param serialNumber factory number
     * @param year         year of manufacture
     * @param point        the trade point (of the applicant's organization)
     * @param tariff       tariff code, or {@code null}
     * @param promoCode    promo code without dashes, or {@code null}
     */
    public record RegistrationInput(String name, KkmCatalogue.Model model, String serialNumber, int year,
                                    TradePointRecord point, String tariff, String promoCode) {
    }

    /**
     * Starts listening to KGD's decisions.
     *
     * @param registry the registry
     * @param verifier signature checks
     * @param engine   the engine
     * @param kgd      KGD's applications gateway
     * @param clock    time
     * @param random   application ids
     */
    public KkmLifecycle(CabinetRegistry registry, ChallengeSignatureVerifier verifier, KkmEngine engine,
                        KgdApplications kgd, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.ownerSignature = new OwnerSignature(verifier, clock);
        this.engine = engine;
        this.kgd = kgd;
        this.clock = clock;
        this.random = random;
        kgd.onDecision(this::decided);
        resubmitPending();
    }

    /**
     * Sends again every application still waiting for KGD (KGD deduplicates by application id): after a restart the
     * gateway no longer knows them, and KGD may take days.
     */
    private void resubmitPending() {
        int n = 0;
        for (KkmRecord k : registry.kkms().all()) {
            if (!k.getPendingApplicationId().isEmpty() && !k.getPendingDocument().isEmpty()) {
                kgd.submit(k.getPendingApplicationId(), KgdApplications.Kind.valueOf(k.getPendingKind()), k.getPendingDocument(),
                    k.getPendingSignature().toByteArray());
                n++;
            }
        }
        if (n > 0) {
            LOG.info("event=kkm_applications_resubmitted count={}", n);
        }
    }

    /**
     * @param org the applicant
     * @param in  the application
     * @return the document the owner signs to register
     */
    public static JsonObject registrationDocument(OrganizationRecord org, RegistrationInput in) {
        return head(KgdApplications.Kind.REGISTRATION, org)
            .put("model", in.model().name())
            .put("modelCode", in.model().code())
            .put("serialNumber", in.serialNumber())
            .put("year", in.year())
            .put("tradePoint", point(in.point()))
            .put("tariff", in.tariff())
            .put("promoCode", in.promoCode());
    }

    /**
     * @param org      the owner
     * @param kkm      a registered KKM
     * @param newPoint the new place of use
     * @return the document the owner signs to re-register
     */
    public static JsonObject reregistrationDocument(OrganizationRecord org, KkmRecord kkm, TradePointRecord newPoint) {
        return kkmHead(KgdApplications.Kind.REREGISTRATION, org, kkm).put("tradePoint", point(newPoint));
    }

    /**
     * @param org    the owner
     * @param kkm    a registered KKM
     * @param point  its trade point
     * @param reason why
     * @return the document the owner signs to deregister
     */
    public static JsonObject deregistrationDocument(OrganizationRecord org, KkmRecord kkm, TradePointRecord point,
                                                    DeregistrationReason reason) {
        return kkmHead(KgdApplications.Kind.DEREGISTRATION, org, kkm).put("tradePoint", point(point))
            .put("reason", reason.name()).put("reasonText", reason.display());
    }

    private static JsonObject head(KgdApplications.Kind kind, OrganizationRecord org) {
        return new JsonObject().put("kind", kind.name()).put("idn", org.getIdn()).put("organizationName", org.getName());
    }

    private static JsonObject kkmHead(KgdApplications.Kind kind, OrganizationRecord org, KkmRecord kkm) {
        KkmCatalogue.Model model = KkmCatalogue.find(kkm.getModelCode()).orElseThrow();
        return head(kind, org).put("kkmId", kkm.getId()).put("rnm", kkm.getRnm()).put("model", model.name())
            .put("modelCode", model.code()).put("serialNumber", kkm.getSerialNumber()).put("year", kkm.getYear())
            .put("basedOn", kkm.getUpdatedAtMs());
    }

    private static JsonObject point(TradePointRecord p) {
        return new JsonObject().put("id", p.getId()).put("name", p.getName()).put("address", address(p));
    }

    /**
     * @param p a trade point
     * @return its address on one line
     */
    public static String address(TradePointRecord p) {
        StringBuilder b = new StringBuilder().append(p.getRegion()).append(", ").append(p.getLocality()).append(", ")
            .append(p.getStreet()).append(' ').append(p.getBuilding());
        if (!p.getPremises().isEmpty()) {
            b.append(", ").append(p.getPremises());
        }
        return b.toString();
    }

    /**
     * Registration: checks the owner's signature over the registration document, stores the KKM as awaiting
     * registration, and sends the application to KGD.
     *
     * @param org       the applicant
     * @param in        the application
     * @param signature the owner's CMS (base64)
     * @return the stored KKM
     * @throws KkmProblem when the signature is refused, the signer is not the owner, or the serial number is taken
     */
    public synchronized KkmRecord register(OrganizationRecord org, RegistrationInput in, String signature) {
        String document = registrationDocument(org, in).encode();
        byte[] cms = checkSignature(org, document, signature);
        String applicationId = applicationId();
        long now = clock.millis();
        KkmRecord.Builder b = KkmRecord.newBuilder().setOrganizationId(org.getId()).setName(in.name())
            .setModelCode(in.model().code()).setSerialNumber(in.serialNumber()).setYear(in.year())
            .setTradePointId(in.point().getId()).setTariff(nullToEmpty(in.tariff()))
            .setPromoCode(nullToEmpty(in.promoCode())).setStatus(KkmLifecycleStatus.AWAITING_REGISTRATION.name())
            .setPendingApplicationId(applicationId).setPendingKind(KgdApplications.Kind.REGISTRATION.name())
            .setPendingDocument(document).setPendingSignature(ByteString.copyFrom(cms))
            .setCreatedAtMs(now).setUpdatedAtMs(now)
            .addApplications(signed(applicationId, KgdApplications.Kind.REGISTRATION, document, cms, now))
            .addEvents(event(now, KkmLifecycleStatus.AWAITING_REGISTRATION, "application " + applicationId + " sent to KGD"));
        if (registry.kkms().serialTaken(in.model().code(), in.serialNumber())) {
            throw duplicate(in);
        }
        journal(0, "organization=" + org.getId() + " status=AWAITING_REGISTRATION application=" + applicationId
            + " model=" + in.model().code() + " serial=" + in.serialNumber());
        KkmRecord stored;
        try {
            stored = registry.kkms().create(b.build());
        } catch (DuplicateException e) {
            throw duplicate(in);
        }
        kgd.submit(applicationId, KgdApplications.Kind.REGISTRATION, document, cms);
        LOG.info("event=kkm_application_sent organization={} kkm={} kind=REGISTRATION application={}", org.getId(),
            stored.getId(), applicationId);
        return stored;
    }

    private static KkmProblem duplicate(RegistrationInput in) {
        return new KkmProblem(400, "invalid-request", "serialNumber: already applied for or registered",
            List.of(new FieldError("serialNumber", "already-registered", "a " + in.model().name() + " with serial number "
                + in.serialNumber() + " is already applied for or registered")));
    }

    /**
     * Re-registration (a new place of use).
     *
     * @param org       the owner
     * @param kkmId     the KKM
     * @param newPoint  the new trade point (of the owner)
     * @param signature the owner's CMS over {@link #reregistrationDocument}
     * @return the KKM, awaiting re-registration
     */
    public synchronized KkmRecord reregister(OrganizationRecord org, long kkmId, TradePointRecord newPoint,
                                             String signature) {
        KkmRecord kkm = registered(org, kkmId);
        if (newPoint.getId() == kkm.getTradePointId()) {
            throw new KkmProblem(400, "invalid-request", "tradePointId: the KKM is already at that trade point",
                List.of(new FieldError("tradePointId", "unchanged", "the KKM is already at that trade point")));
        }
        String document = reregistrationDocument(org, kkm, newPoint).encode();
        byte[] cms = checkSignature(org, document, signature);
        return send(kkm, KgdApplications.Kind.REREGISTRATION, KkmLifecycleStatus.AWAITING_REREGISTRATION, document, cms,
            b -> b.setPendingTradePointId(newPoint.getId()), "to trade point " + newPoint.getId());
    }

    /**
     * Deregistration, allowed only while the KKM's shift is closed (manual 001 §5.1: close the shift first).
     *
     * @param org       the owner
     * @param kkmId     the KKM
     * @param reason    one of the seven reasons
     * @param signature the owner's CMS over {@link #deregistrationDocument}
     * @return the KKM, awaiting deregistration
     */
    public synchronized KkmRecord deregister(OrganizationRecord org, long kkmId, DeregistrationReason reason,
                                             String signature) {
        KkmRecord kkm = registered(org, kkmId);
        KkmEngine.State state = engineState(kkm);
        if (state.shiftOpen()) {
            throw new KkmProblem(409, "shift-open", "shift " + state.shiftNumber() + " of the KKM is open; close it"
                + " (Z-report) and send the offline queue before deregistering");
        }
        TradePointRecord point = registry.tradePoints().get(org.getId(), kkm.getTradePointId()).orElseThrow(
            () -> new KkmProblem(409, "trade-point-not-found", "the KKM's trade point no longer exists"));
        String document = deregistrationDocument(org, kkm, point, reason).encode();
        byte[] cms = checkSignature(org, document, signature);
        return send(kkm, KgdApplications.Kind.DEREGISTRATION, KkmLifecycleStatus.AWAITING_DEREGISTRATION, document, cms,
            b -> b.setPendingReason(reason.name()), "reason " + reason.name());
    }

    /** An application as signed, kept for the «Документы» section. */
    private static kz.ofd.cabinet.registry.proto.SignedApplicationRecord signed(String id, KgdApplications.Kind kind,
                                                                             String document, byte[] cms, long now) {
        return kz.ofd.cabinet.registry.proto.SignedApplicationRecord.newBuilder().setId(id).setKind(kind.name())
            .setDocument(document).setSignature(ByteString.copyFrom(cms)).setSignedAtMs(now).build();
    }

    private KkmRecord send(KkmRecord kkm, KgdApplications.Kind kind, KkmLifecycleStatus status, String document,
                           byte[] cms, java.util.function.UnaryOperator<KkmRecord.Builder> extra, String detail) {
        String applicationId = applicationId();
        long now = clock.millis();
        journal(kkm.getOfdId(), "kkm=" + kkm.getId() + " organization=" + kkm.getOrganizationId() + " status="
            + status.name() + " application=" + applicationId + " " + detail);
        KkmRecord updated = extra.apply(kkm.toBuilder().setStatus(status.name()).setPendingApplicationId(applicationId)
            .setPendingKind(kind.name()).setPendingDocument(document)
            .setPendingSignature(ByteString.copyFrom(cms)).setUpdatedAtMs(now)
            .addApplications(signed(applicationId, kind, document, cms, now))
            .addEvents(event(now, status, "application " + applicationId + " sent to KGD, " + detail))).build();
        registry.kkms().update(updated);
        kgd.submit(applicationId, kind, document, cms);
        LOG.info("event=kkm_application_sent organization={} kkm={} kind={} application={}", kkm.getOrganizationId(),
            kkm.getId(), kind, applicationId);
        return updated;
    }

    /** @return the owner-signature check this lifecycle uses (the contract and tariff applications reuse it) */
    public OwnerSignature ownerSignature() {
        return ownerSignature;
    }

    /**
     * Issues a new token to a registered KKM (manual 001 §4.1 «Получить токен»): the old one is refused from now on.
     *
     * @param organizationId the owner
     * @param kkmId          the KKM
     * @return the KKM with its new token
     */
    public synchronized KkmRecord reissueToken(long organizationId, long kkmId) {
        KkmRecord kkm = find(organizationId, kkmId);
        if (kkm.getOfdId() == 0 || kkm.getStatus().equals(KkmLifecycleStatus.DEREGISTERED.name())) {
            throw new KkmProblem(409, "kkm-not-registered", "a token is issued only to a registered KKM; this one is "
                + KkmLifecycleStatus.valueOf(kkm.getStatus()).display());
        }
        long token;
        try {
            token = engine.issueToken(kkm.getOfdId());
        } catch (KkmEngine.KkmEngineException e) {
            throw unavailable(e);
        }
        long now = clock.millis();
        KkmRecord updated = kkm.toBuilder().setToken(token).setUpdatedAtMs(now)
            .addEvents(KkmEventRecord.newBuilder().setAtMs(now).setStatus(kkm.getStatus()).setDetail("new token issued"))
            .build();
        registry.kkms().update(updated);
        LOG.info("event=kkm_token_issued organization={} kkm={} ofdId={}", organizationId, kkmId, kkm.getOfdId());
        return updated;
    }

    /**
     * @param kkm a KKM with an OFD id
     * @return its state in the engine, or empty when it has none or the engine cannot say
     */
    public Optional<KkmEngine.State> engineStateOf(KkmRecord kkm) {
        if (kkm.getOfdId() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(engine.state(kkm.getOfdId()));
        } catch (KkmEngine.KkmEngineException e) {
            return Optional.empty();
        }
    }

    private KkmEngine.State engineState(KkmRecord kkm) {
        try {
            return engine.state(kkm.getOfdId());
        } catch (KkmEngine.KkmEngineException e) {
            throw unavailable(e);
        }
    }

    /** KGD's decision, on the gateway's thread. */
    synchronized void decided(KgdApplications.Decision d) {
        Optional<KkmRecord> found = registry.kkms().byApplication(d.applicationId());
        if (found.isEmpty()) {
            LOG.warn("event=kgd_decision_unknown_application application={}", d.applicationId());
            return;
        }
        KkmRecord kkm = found.get();
        try {
            KgdApplications.Kind kind = KgdApplications.Kind.valueOf(kkm.getPendingKind());
            KkmRecord next = d.approved() ? approved(kkm, kind, d) : refused(kkm, kind, d);
            registry.kkms().update(next);
            LOG.info("event=kkm_status organization={} kkm={} ofdId={} status={} application={}", next.getOrganizationId(),
                next.getId(), next.getOfdId(), next.getStatus(), d.applicationId());
            if (d.approved()) {
                tell(kind, next);
            }
        } catch (RuntimeException e) {
            // The KKM keeps its awaiting status and the application id: an operator can see and redo it.
            LOG.error("event=kgd_decision_not_applied kkm={} application={}", kkm.getId(), d.applicationId(), e);
        }
    }

    private void tell(KgdApplications.Kind kind, KkmRecord kkm) {
        try {
            if (kind == KgdApplications.Kind.REGISTRATION) {
                listener.registered(kkm);
            } else if (kind == KgdApplications.Kind.DEREGISTRATION) {
                listener.deregistered(kkm);
            }
        } catch (RuntimeException e) {
            LOG.error("event=kkm_listener_failed kkm={} kind={}", kkm.getId(), kind, e);
        }
    }

    private KkmRecord approved(KkmRecord kkm, KgdApplications.Kind kind, KgdApplications.Decision d) {
        long now = clock.millis();
        KkmRecord.Builder b = kkm.toBuilder().setPendingApplicationId("").setPendingKind("").clearPendingDocument()
            .clearPendingSignature().setUpdatedAtMs(now)
            .setRefusalCode("").setRefusalReason("").setRefusalKind("");
        switch (kind) {
            case REGISTRATION -> {
                OrganizationRecord org = registry.organizations().byId(kkm.getOrganizationId()).orElseThrow();
                TradePointRecord point = registry.tradePoints().get(kkm.getOrganizationId(), kkm.getTradePointId())
                    .orElseThrow();
                KkmCatalogue.Model model = KkmCatalogue.find(kkm.getModelCode()).orElseThrow();
                KkmEngine.Registered r = engine.register(new KkmEngine.Registration(proposeOfdId(kkm), d.rnm(),
                    kkm.getSerialNumber(), model.name(), org.getIdn(), org.getName(), address(point), point.getName()));
                // The engine has journaled the registration itself; this line ties it to the cabinet's KKM.
                journalQuietly(r.ofdId(), "kkm=" + kkm.getId() + " organization=" + kkm.getOrganizationId()
                    + " status=REGISTERED rnm=" + d.rnm() + " application=" + d.applicationId());
                b.setStatus(KkmLifecycleStatus.REGISTERED.name()).setRnm(d.rnm()).setOfdId(r.ofdId()).setToken(r.token())
                    .setRegisteredAtMs(now).addEvents(event(now, KkmLifecycleStatus.REGISTERED,
                        "registered by KGD, RNM " + d.rnm() + ", OFD id " + r.ofdId()));
            }
            case REREGISTRATION -> {
                OrganizationRecord org = registry.organizations().byId(kkm.getOrganizationId()).orElseThrow();
                TradePointRecord point = registry.tradePoints().get(kkm.getOrganizationId(), kkm.getPendingTradePointId())
                    .orElseThrow();
                KkmCatalogue.Model model = KkmCatalogue.find(kkm.getModelCode()).orElseThrow();
                engine.updateRegistration(kkm.getOfdId(), new KkmEngine.Details(kkm.getSerialNumber(), model.name(),
                    org.getIdn(), org.getName(), address(point), point.getName()));
                // The engine has journaled the new data itself; this line ties it to the cabinet's KKM.
                journalQuietly(kkm.getOfdId(), "kkm=" + kkm.getId() + " organization=" + kkm.getOrganizationId()
                    + " status=REGISTERED trade_point=" + kkm.getPendingTradePointId() + " application=" + d.applicationId());
                b.setStatus(KkmLifecycleStatus.REGISTERED.name()).setTradePointId(kkm.getPendingTradePointId())
                    .setPendingTradePointId(0).addEvents(event(now, KkmLifecycleStatus.REGISTERED,
                        "re-registered by KGD at trade point " + kkm.getPendingTradePointId()));
            }
            case DEREGISTRATION -> {
                DeregistrationReason reason = DeregistrationReason.valueOf(kkm.getPendingReason());
                engine.deregister(kkm.getOfdId(), "ККМ снята с учета в КГД: " + reason.display());
                journalQuietly(kkm.getOfdId(), "kkm=" + kkm.getId() + " organization=" + kkm.getOrganizationId()
                    + " status=DEREGISTERED reason=" + reason.name() + " application=" + d.applicationId());
                b.setStatus(KkmLifecycleStatus.DEREGISTERED.name()).setDeregistrationReason(reason.name())
                    .setPendingReason("").setDeregisteredAtMs(now).setToken(0)
                    .addEvents(event(now, KkmLifecycleStatus.DEREGISTERED, "deregistered by KGD: " + reason.display()));
            }
            default -> throw new IllegalStateException("unknown application kind " + kind);
        }
        return b.build();
    }

    private KkmRecord refused(KkmRecord kkm, KgdApplications.Kind kind, KgdApplications.Decision d) {
        long now = clock.millis();
        KkmLifecycleStatus back = kind == KgdApplications.Kind.REGISTRATION ? KkmLifecycleStatus.REFUSED_BY_KGD
            : KkmLifecycleStatus.REGISTERED;
        journal(kkm.getOfdId(), "kkm=" + kkm.getId() + " organization=" + kkm.getOrganizationId() + " status="
            + back.name() + " refused=" + kind.name() + " code=" + d.code() + " application=" + d.applicationId());
        return kkm.toBuilder().setStatus(back.name()).setPendingApplicationId("").setPendingKind("").clearPendingDocument()
            .clearPendingSignature()
            .setPendingTradePointId(0).setPendingReason("").setRefusalKind(kind.name())
            .setRefusalCode(nullToEmpty(d.code())).setRefusalReason(nullToEmpty(d.reason())).setUpdatedAtMs(now)
            .addEvents(event(now, back, "KGD refused the " + kind.name().toLowerCase(java.util.Locale.ROOT)
                + " application: " + d.code() + " " + nullToEmpty(d.reason()))).build();
    }

    /** The cabinet's own id of the KKM, unless another cabinet KKM holds it as OFD id already. */
    private long proposeOfdId(KkmRecord kkm) {
        long id = kkm.getId();
        while (registry.kkms().ofdIdTaken(id)) {
            id++;
        }
        return id;
    }

    private KkmRecord registered(OrganizationRecord org, long kkmId) {
        KkmRecord kkm = find(org.getId(), kkmId);
        if (!kkm.getStatus().equals(KkmLifecycleStatus.REGISTERED.name())) {
            throw new KkmProblem(409, "kkm-wrong-status", "the KKM is "
                + KkmLifecycleStatus.valueOf(kkm.getStatus()).display() + "; only a registered KKM with no application"
                + " waiting for KGD can be re-registered or deregistered");
        }
        return kkm;
    }

    private KkmRecord find(long organizationId, long kkmId) {
        return registry.kkms().get(organizationId, kkmId).orElseThrow(() -> new KkmProblem(404, "kkm-not-found",
            "your organization has no KKM " + kkmId));
    }

    private byte[] checkSignature(OrganizationRecord org, String document, String signature) {
        return ownerSignature.check(org, document, signature).cms();
    }

    private void journal(long ofdId, String event) {
        try {
            engine.record(ofdId, event);
        } catch (KkmEngine.KkmEngineException e) {
            throw unavailable(e);
        }
    }

    /** For a line after the engine has already journaled the change itself: a failure is logged, not undone. */
    private void journalQuietly(long ofdId, String event) {
        try {
            engine.record(ofdId, event);
        } catch (KkmEngine.KkmEngineException e) {
            LOG.warn("event=kkm_event_not_journaled ofdId={} cause=\"{}\"", ofdId, e.getMessage());
        }
    }

    private static KkmProblem unavailable(KkmEngine.KkmEngineException e) {
        return new KkmProblem(503, "engine-unavailable", "the OFD engine did not take the change: " + e.getMessage());
    }

    private String applicationId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static KkmEventRecord event(long now, KkmLifecycleStatus status, String detail) {
        return KkmEventRecord.newBuilder().setAtMs(now).setStatus(status.name()).setDetail(detail).build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
