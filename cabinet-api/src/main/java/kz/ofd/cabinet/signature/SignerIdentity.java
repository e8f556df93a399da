package kz.ofd.cabinet.signature;

/**
 * Who signed a challenge, read from a verified certificate's subject.
 *
 * @param iin          the person's IIN (subject SERIALNUMBER {@code IIN...})
 * @param bin          the organization's BIN (subject OU {@code BIN...}), or {@code null} for a person / entrepreneur
 * @param personName   CN (or SURNAME + GIVENNAME)
 * @param organization O, or {@code null}
 * @param email        E (emailAddress), or {@code null}
 * @param algorithm    {@code RSA} or {@code GOST2012}
 * @param certificateSerial the certificate's serial number, hex, for the audit log
 */
public record SignerIdentity(String iin, String bin, String personName, String organization, String email,
                             String algorithm, String certificateSerial) {
}
