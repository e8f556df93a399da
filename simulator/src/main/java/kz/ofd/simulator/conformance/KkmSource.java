package kz.ofd.simulator.conformance;

import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.ProvisioningException;

import java.util.ArrayList;
import java.util.List;

/**
 * Where scenarios get their KKMs: a fresh one from the management API for each, or the next unused one of a
 * {@code --kkm-file} (whose tokens the run then rotates; {@link #current()} gives the file back up to date).
 */
final class KkmSource {

    private final ManagementPort manage;
    private final List<KkmCredentials> file;
    private final List<Kkm> handedOut = new ArrayList<>();
    private int next;

    private KkmSource(ManagementPort manage, List<KkmCredentials> file) {
        this.manage = manage;
        this.file = file;
    }

    static KkmSource provisioned(ManagementPort manage) {
        return new KkmSource(manage, null);
    }

    static KkmSource fromFile(List<KkmCredentials> kkms) {
        return new KkmSource(null, List.copyOf(kkms));
    }

    /** How many more KKMs can be handed out ({@link Integer#MAX_VALUE} with the management API). */
    int remaining() {
        return file == null ? Integer.MAX_VALUE : file.size() - next;
    }

    /** The next KKM; {@code fresh} tells whether it was registered just now (no shift, no cash, no history). */
    Kkm take(Probe probe) throws Skip, ProvisioningException {
        KkmCredentials credentials;
        boolean fresh;
        if (file == null) {
            credentials = manage.newKkm();
            fresh = true;
        } else {
            if (next >= file.size()) {
                throw new Skip("needs more KKMs than --kkm-file lists");
            }
            credentials = file.get(next++);
            fresh = false;
        }
        Kkm kkm = new Kkm(probe, credentials.id(), credentials.token(), fresh);
        handedOut.add(kkm);
        return kkm;
    }

    /** The file's KKMs with the tokens they have now (those not used keep theirs); empty without a file. */
    List<KkmCredentials> current() {
        if (file == null) {
            return List.of();
        }
        List<KkmCredentials> result = new ArrayList<>(file);
        for (Kkm kkm : handedOut) {
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).id() == kkm.id()) {
                    result.set(i, new KkmCredentials(kkm.id(), kkm.token()));
                }
            }
        }
        return result;
    }
}
