package kz.ofd.cabinet.contract;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.kkm.KkmProblem;
import kz.ofd.cabinet.kkm.OwnerSignature;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.DuplicateException;
import kz.ofd.cabinet.registry.proto.ContractRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.SignedApplicationRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The organization's contract with the OFD (manual 000 «Подписание договора»): the public offer (a downloadable
 * text), the accession application prefilled with the organization's requisites, and its signing with the owner's
 * signing key, after which the contract has a number and a date. KKM registration and tariff applications need a
 * signed contract ({@link #requireSigned}). The offer shipped is a sample written for this project, not any
 * operator's real contract. Thread-safe.
 */
public final class Contracts {

    /** Kind of the signed accession application in «Документы». */
    public static final String KIND = "CONTRACT_ACCESSION";
    /** The offer's version the accession application names. */
    public static final String OFFER_VERSION = "2026-1";
    /** The offer's title. */
    public static final String OFFER_TITLE = "Публичный договор (оферта) на услуги оператора фискальных данных — образец";
    private static final String OFFER_RESOURCE = "/kz/ofd/cabinet/contract-offer.txt";
    private static final Logger LOG = LoggerFactory.getLogger(Contracts.class);
    private static final String LEGAL_ENTITY = "LEGAL_ENTITY";

    private final CabinetRegistry registry;
    private final OwnerSignature signatures;
    private final Clock clock;
    private final SecureRandom random;
    private final byte[] offer;
    private final String offerSha256;

    /**
     * @param registry   the registry
     * @param signatures the owner-signature check (shared with the KKM applications)
     * @param clock      time
     * @param random     document ids
     */
    public Contracts(CabinetRegistry registry, OwnerSignature signatures, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.signatures = signatures;
        this.clock = clock;
        this.random = random;
        try (InputStream in = Contracts.class.getResourceAsStream(OFFER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the offer " + OFFER_RESOURCE + " is missing from the build");
            }
            this.offer = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            this.offerSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(offer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return the offer's text, UTF-8 */
    public byte[] offer() {
        return offer.clone();
    }

    /** @return the hex SHA-256 of the offer's bytes, which the accession application names */
    public String offerSha256() {
        return offerSha256;
    }

    /**
     * @param organizationId the organization
     * @return its contract, once signed
     */
    public Optional<ContractRecord> contract(long organizationId) {
        return registry.organizationDocuments().contract(organizationId);
    }

    /**
     * @param organizationId the organization about to apply for something the contract covers
     * @throws KkmProblem 409 {@code contract-not-signed} telling the user what to do
     */
    public void requireSigned(long organizationId) {
        if (contract(organizationId).isEmpty()) {
            throw new KkmProblem(409, "contract-not-signed", "Сначала подпишите договор: раздел «Подписание договора» "
                + "(GET /api/v1/contract даёт заявление о присоединении, POST /api/v1/contract принимает его подпись ЭЦП). "
                + "Регистрация ККМ и подключение тарифов доступны после подписания.");
        }
    }

    /**
     * The accession application: the offer it accepts (version and SHA-256 of its text) and the organization's
     * requisites as the registry holds them now. A compact JSON object built field by field in a fixed order, so the
     * same organization always gets the same bytes until its requisites change.
     *
     * @param org the organization
     * @return the document to sign
     */
    public JsonObject accessionDocument(OrganizationRecord org) {
        boolean legal = LEGAL_ENTITY.equals(org.getKind());
        JsonObject o = new JsonObject().put("kind", org.getKind()).put("idn", org.getIdn()).put("name", org.getName())
            .put("businessForm", emptyToNull(org.getBusinessForm())).put("legalAddress", org.getLegalAddress())
            .put("actualAddress", org.getActualAddress())
            .put("bank", org.getBankIik().isEmpty() ? null
                : new JsonObject().put("bik", org.getBankBik()).put("iik", org.getBankIik()))
            .put("head", org.getHeadName().isEmpty() ? null : new JsonObject().put("position",
                emptyToNull(org.getHeadPosition())).put("name", org.getHeadName()).put("iin", emptyToNull(org.getHeadIin())))
            .put("phone", emptyToNull(org.getPhone())).put("email", emptyToNull(org.getEmail()));
        return new JsonObject().put("kind", KIND)
            .put("offer", new JsonObject().put("version", OFFER_VERSION).put("title", OFFER_TITLE)
                .put("sha256", offerSha256))
            .put("organization", o)
            .put("statement", (legal ? org.getName() + " (БИН " : org.getName() + " (ИИН ") + org.getIdn()
                + ") присоединяется к публичному договору версии " + OFFER_VERSION
                + " на услуги оператора фискальных данных и принимает его условия полностью.");
    }

    /**
     * Signs the contract: checks the owner's CMS over exactly {@link #accessionDocument} and stores the contract with a
     * new number and the signed application.
     *
     * @param org       the organization
     * @param signature the owner's CMS, base64
     * @return the contract
     * @throws KkmProblem 409 {@code contract-already-signed}; the signature's refusals ({@link OwnerSignature#check})
     */
    public ContractRecord sign(OrganizationRecord org, String signature) {
        contract(org.getId()).ifPresent(c -> {
            throw alreadySigned(c);
        });
        String document = accessionDocument(org).encode();
        OwnerSignature.Signed signed = signatures.check(org, document, signature);
        long now = clock.millis();
        byte[] id = new byte[16];
        random.nextBytes(id);
        SignedApplicationRecord application = SignedApplicationRecord.newBuilder().setId(HexFormat.of().formatHex(id))
            .setKind(KIND).setDocument(document).setSignature(ByteString.copyFrom(signed.cms())).setSignedAtMs(now)
            .setOrganizationId(org.getId()).build();
        ContractRecord draft = ContractRecord.newBuilder().setOrganizationId(org.getId()).setSignedAtMs(now)
            .setOfferVersion(OFFER_VERSION).setSignerIin(signed.signer().iin() == null ? "" : signed.signer().iin()).build();
        try {
            ContractRecord c = registry.organizationDocuments().signContract(draft, application,
                n -> String.format("OFD-%06d", n));
            LOG.info("event=contract_signed organization={} number={} document={}", org.getId(), c.getNumber(),
                c.getDocumentId());
            return c;
        } catch (DuplicateException e) {
            throw alreadySigned(contract(org.getId()).orElseThrow());
        }
    }

    private static KkmProblem alreadySigned(ContractRecord c) {
        return new KkmProblem(409, "contract-already-signed", "the organization signed contract " + c.getNumber()
            + " already; it is signed once");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
