package kz.ofd.engine.cabinet;

import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.engine.logic.KkmDetails;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.KkmRegistrationRules;
import kz.ofd.engine.logic.KkmStatus;
import kz.ofd.engine.logic.TokenSource;
import kz.ofd.engine.pipeline.AdminCommand;
import kz.ofd.engine.pipeline.AdminResult;
import kz.ofd.engine.pipeline.Pipeline;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cabinet's view of the engine ({@link KkmEngine}) over the ring: every call is an {@link AdminCommand} the
 * business-logic thread applies and the journal records before the call returns — registration
 * ({@link AdminCommand.Register}), a new token ({@link AdminCommand.IssueToken}), the data of a re-registration
 * ({@link AdminCommand.UpdateRegistration}), deregistration (a permanent {@link AdminCommand.Block}), billing
 * blocks and unblocks (the same command; {@code null} lifts it), status changes ({@link AdminCommand.CabinetEvent});
 * the shift state is read with
 * {@link AdminCommand.Status}. Called on the cabinet's worker threads and the KGD gateway's thread; thread-safe.
 */
public final class RingKkmEngine implements KkmEngine {

    /** Largest OFD id (the header field is unsigned 32-bit). */
    private static final long MAX_ID = 0xFFFF_FFFFL;
    /** How many taken ids a registration skips before giving up. */
    private static final int ID_ATTEMPTS = 10_000;

    private final Pipeline pipeline;
    private final TokenSource tokens;
    private final long timeoutMillis;

    /**
     * @param pipeline      the running ring
     * @param tokens        where tokens come from (secure random)
     * @param timeoutMillis how long a command may take (the journal syncs within it)
     */
    public RingKkmEngine(Pipeline pipeline, TokenSource tokens, long timeoutMillis) {
        this.pipeline = pipeline;
        this.tokens = tokens;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Registered register(Registration r) {
        long id = Math.max(1, r.proposedId());
        for (int attempt = 0; attempt < ID_ATTEMPTS && id <= MAX_ID; attempt++, id++) {
            long token = newToken(0);
            KkmRegistration registration = new KkmRegistration(id, token, r.rnm(), r.serialNumber(), r.model(), r.idn(),
                truncate(r.ownerName()), truncate(r.address()), truncate(r.pointName()));
            List<String> problems = KkmRegistrationRules.problems(registration);
            if (!problems.isEmpty()) {
                throw new KkmEngineException("the engine refuses the registration: " + problems);
            }
            AdminResult result = run(new AdminCommand.Register(registration));
            if (result == AdminResult.DONE) {
                return new Registered(id, token);
            }
            if (result != AdminResult.DUPLICATE_ID) {
                throw failed(result, id);
            }
        }
        throw new KkmEngineException("no free OFD id after " + r.proposedId());
    }

    @Override
    public long issueToken(long ofdId) {
        long token = newToken(0);
        AdminResult result = run(new AdminCommand.IssueToken(ofdId, token));
        if (result != AdminResult.DONE) {
            throw failed(result, ofdId);
        }
        return token;
    }

    @Override
    public void updateRegistration(long ofdId, Details d) {
        KkmDetails details = new KkmDetails(d.serialNumber(), d.model(), d.idn(), truncate(d.ownerName()),
            truncate(d.address()), truncate(d.pointName()));
        List<String> problems = KkmRegistrationRules.problems(details);
        if (!problems.isEmpty()) {
            throw new KkmEngineException("the engine refuses the re-registration of KKM " + ofdId + ": " + problems);
        }
        AdminResult result = run(new AdminCommand.UpdateRegistration(ofdId, details));
        if (result != AdminResult.DONE) {
            throw failed(result, ofdId);
        }
    }

    @Override
    public void deregister(long ofdId, String reason) {
        AdminResult result = run(new AdminCommand.Block(ofdId, truncate(reason)));
        if (result != AdminResult.DONE) {
            throw failed(result, ofdId);
        }
    }

    @Override
    public void block(long ofdId, String reason) {
        AdminResult result = run(new AdminCommand.Block(ofdId, truncate(reason)));
        if (result != AdminResult.DONE) {
            throw failed(result, ofdId);
        }
    }

    @Override
    public void unblock(long ofdId) {
        AdminResult result = run(new AdminCommand.Block(ofdId, null));
        if (result != AdminResult.DONE) {
            throw failed(result, ofdId);
        }
    }

    @Override
    public State state(long ofdId) {
        AtomicReference<KkmStatus> status = new AtomicReference<>();
        AdminResult result = run(new AdminCommand.Status(ofdId, status));
        if (result != AdminResult.DONE || status.get() == null) {
            throw failed(result, ofdId);
        }
        KkmStatus s = status.get();
        return new State(s.shiftOpen(), s.shiftNumber(), s.blockReason());
    }

    @Override
    public void record(long ofdId, String event) {
        AdminResult result = run(new AdminCommand.CabinetEvent(ofdId, event));
        if (result != AdminResult.DONE) {
            throw failed(result, ofdId);
        }
    }

    private long newToken(long previous) {
        // The token source belongs to the logic thread; a cabinet token is rare, so one lock is enough here.
        synchronized (tokens) {
            return tokens.next(previous);
        }
    }

    private AdminResult run(AdminCommand command) {
        try {
            return pipeline.publishAdmin(command).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KkmEngineException("interrupted while the engine applied " + command.getClass().getSimpleName());
        } catch (ExecutionException | TimeoutException e) {
            throw new KkmEngineException("the engine did not apply " + command.getClass().getSimpleName() + ": " + e);
        }
    }

    private static KkmEngineException failed(AdminResult result, long ofdId) {
        return new KkmEngineException(switch (result) {
            case UNKNOWN_KKM -> "the engine has no KKM " + ofdId;
            case NOT_DURABLE -> "the engine's journal cannot be written";
            default -> "the engine answered " + result + " for KKM " + ofdId;
        });
    }

    private static String truncate(String s) {
        return s.length() <= KkmRegistrationRules.MAX_TEXT ? s : s.substring(0, KkmRegistrationRules.MAX_TEXT);
    }
}
