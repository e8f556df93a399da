package kz.ofd.protocol.kgd;

/**
 * Names both ends of the OFD→KGD link agree on (docs/kgd.md): the OFD's forwarder and the KGD simulator.
 */
public final class KgdWire {

    /** Path of the document endpoint. */
    public static final String DOCUMENTS_PATH = "/kgd/v1/documents";
    /** Header carrying the base64 detached CMS signature of the request body. */
    public static final String SIGNATURE_HEADER = "X-Ofd-Signature";

    private KgdWire() {
    }
}
