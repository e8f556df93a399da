package kz.ofd.cabinet.auth;

import kz.ofd.cabinet.validate.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link CodeSender} until an SMS gateway is configured: logs that a code was sent, to a masked
 * number. In production mode the code itself is never written; on a demo stand ({@code production = false})
 * it is logged so the demo can be driven without a phone.
 */
public final class LogCodeSender implements CodeSender {

    private static final Logger LOG = LoggerFactory.getLogger(LogCodeSender.class);

    private final boolean production;

    /**
     * @param production never log the code
     */
    public LogCodeSender(boolean production) {
        this.production = production;
    }

    @Override
    public void send(String phone, String code, String purpose) {
        if (production) {
            LOG.info("event=code_sent purpose={} phone={}", purpose, Identifiers.maskPhone(phone));
        } else {
            LOG.warn("event=code_sent purpose={} phone={} code={} (demo mode: codes are logged)", purpose,
                Identifiers.maskPhone(phone), code);
        }
    }
}
