package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.ContractRecord;
import kz.ofd.cabinet.registry.proto.SignedApplicationRecord;

import java.util.List;
import java.util.Optional;

/**
 * The organization's contract with the OFD and the documents it signed that belong to the organization rather than to
 * one KKM's lifecycle: the contract accession application and the tariff applications («Документы», manual 001 §14;
 * KKM applications stay in their {@code KkmRecord}). Documents are keyed organization id ‖ sequence, so an
 * organization's list is one prefix scan and another organization's document is never found. Writes are serialized on
 * this object; every write stores the document, the sequence and what goes with it in one synced batch. Thread-safe.
 */
public final class OrganizationDocuments {

    private final CabinetRegistry registry;

    OrganizationDocuments(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param organizationId the organization
     * @return its contract, once signed
     */
    public Optional<ContractRecord> contract(long organizationId) {
        return registry.getRecord(registry.contractsCf, RegistryKeys.u64(organizationId), ContractRecord::parseFrom);
    }

    /**
     * Stores the signed contract with its accession application, under the next contract number.
     *
     * @param draft       the contract without number and document id (organization, signing time, offer, signer)
     * @param application the signed accession application (id, kind, document, CMS, time)
     * @param numberOf    the contract number for a sequence value
     * @return the stored contract
     * @throws DuplicateException when the organization has signed already (nothing is written)
     */
    public synchronized ContractRecord signContract(ContractRecord draft, SignedApplicationRecord application,
                                                    java.util.function.LongFunction<String> numberOf) {
        long org = draft.getOrganizationId();
        if (contract(org).isPresent()) {
            throw new DuplicateException("contract", "the organization has signed the contract already");
        }
        long number = registry.nextContractNumber();
        ContractRecord contract = draft.toBuilder().setNumber(numberOf.apply(number)).setDocumentId(application.getId())
            .build();
        SignedApplicationRecord doc = application.toBuilder().setOrganizationId(org)
            .setContractNumber(contract.getNumber()).build();
        write(doc, (batch, r) -> {
            CabinetRegistry.put(batch, r.meta(), RegistryKeys.sequenceKey("contract"), RegistryKeys.u64(number + 1));
            CabinetRegistry.put(batch, r.contractsCf, RegistryKeys.u64(org), contract.toByteArray());
        });
        return contract;
    }

    /**
     * Stores a signed document together with other writes of the caller, in one batch.
     *
     * @param document the document; its {@code organization_id} names the owner
     * @param together the caller's writes (may be {@code null})
     * @return the stored document with its sequence number
     */
    synchronized SignedApplicationRecord write(SignedApplicationRecord document, CabinetRegistry.BatchWork together) {
        if (document.getOrganizationId() == 0 || document.getId().isEmpty()) {
            throw new IllegalArgumentException("a document needs its organization and id");
        }
        long seq = registry.nextOrganizationDocumentSeq();
        SignedApplicationRecord stored = document.toBuilder().setSeq(seq).build();
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.meta(), RegistryKeys.sequenceKey("organization_document"),
                RegistryKeys.u64(seq + 1));
            CabinetRegistry.put(batch, r.organizationDocumentsCf, RegistryKeys.pair(document.getOrganizationId(), seq),
                stored.toByteArray());
            if (together != null) {
                together.fill(batch, r);
            }
        });
        return stored;
    }

    /**
     * @param organizationId the organization
     * @return its organization-level documents, oldest first
     */
    public List<SignedApplicationRecord> list(long organizationId) {
        return registry.scan(registry.organizationDocumentsCf, RegistryKeys.u64(organizationId),
            SignedApplicationRecord::parseFrom);
    }
}
