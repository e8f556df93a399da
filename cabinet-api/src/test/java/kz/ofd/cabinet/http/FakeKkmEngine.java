package kz.ofd.cabinet.http;

import kz.ofd.cabinet.spi.KgdApplications;
import kz.ofd.cabinet.spi.KkmEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An engine and a KGD gateway in memory, for the cabinet's own tests: it remembers what it was asked (registrations,
 * tokens, blocks, journal lines, applications) and lets a test decide applications and open or close shifts. The
 * engine module's integration test runs the same flow against the real ring and the KGD simulator.
 */
final class FakeKkmEngine implements KkmEngine, KgdApplications {

    /** A submitted application. */
    record Submitted(String id, Kind kind, String document, byte[] signature) {
    }

    /** A KKM as the fake engine holds it. */
    static final class Held {
        final Registration registration;
        /** The data as last re-registered; {@code null} while as registered. */
        volatile Details details;
        volatile long token;
        volatile boolean shiftOpen;
        volatile String blockReason;

        Held(Registration registration, long token) {
            this.registration = registration;
            this.token = token;
        }
    }

    final Map<Long, Held> kkms = new ConcurrentHashMap<>();
    final List<String> journal = new CopyOnWriteArrayList<>();
    final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final List<Consumer<Decision>> listeners = new ArrayList<>();
    private final AtomicLong tokens = new AtomicLong(1_000);
    volatile boolean down;

    @Override
    public Registered register(Registration registration) {
        check();
        long id = registration.proposedId();
        while (kkms.containsKey(id)) {
            id++;
        }
        long token = tokens.incrementAndGet();
        kkms.put(id, new Held(registration, token));
        journal.add("register " + id);
        return new Registered(id, token);
    }

    @Override
    public long issueToken(long ofdId) {
        check();
        Held h = held(ofdId);
        h.token = tokens.incrementAndGet();
        journal.add("token " + ofdId);
        return h.token;
    }

    @Override
    public void updateRegistration(long ofdId, Details details) {
        check();
        held(ofdId).details = details;
        journal.add("reregister " + ofdId);
    }

    @Override
    public void deregister(long ofdId, String reason) {
        check();
        held(ofdId).blockReason = reason;
        journal.add("block " + ofdId);
    }

    @Override
    public void block(long ofdId, String reason) {
        check();
        held(ofdId).blockReason = reason;
        journal.add("billing-block " + ofdId);
    }

    @Override
    public void unblock(long ofdId) {
        check();
        held(ofdId).blockReason = null;
        journal.add("unblock " + ofdId);
    }

    @Override
    public State state(long ofdId) {
        check();
        Held h = held(ofdId);
        return new State(h.shiftOpen, 1, h.blockReason);
    }

    @Override
    public void record(long ofdId, String event) {
        check();
        journal.add("event " + ofdId + " " + event);
    }

    private void check() {
        if (down) {
            throw new KkmEngineException("the journal is not writable");
        }
    }

    private Held held(long ofdId) {
        Held h = kkms.get(ofdId);
        if (h == null) {
            throw new KkmEngineException("no KKM " + ofdId);
        }
        return h;
    }

    @Override
    public void submit(String applicationId, Kind kind, String document, byte[] ownerSignature) {
        submitted.add(new Submitted(applicationId, kind, document, ownerSignature));
    }

    @Override
    public synchronized void onDecision(Consumer<Decision> listener) {
        listeners.add(listener);
    }

    /** Delivers KGD's decision on the last application submitted, as the gateway would. */
    synchronized void decideLast(boolean approved, String rnm, String code, String reason) {
        Submitted last = submitted.get(submitted.size() - 1);
        for (Consumer<Decision> l : listeners) {
            l.accept(new Decision(last.id(), approved, rnm, code, reason));
        }
    }
}
