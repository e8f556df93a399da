package kz.ofd.engine.pipeline;

import kz.ofd.engine.logic.Answer;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.Request;

import java.util.concurrent.CompletableFuture;

/**
 * One slot of the ring, preallocated and reused. Fields are written by the publisher (a Netty I/O thread or the
 * management port), then by each stage in order; the ring's sequences make each stage's writes visible to the
 * next. Not thread-safe by itself.
 */
public final class RingEvent {

    /** What the slot carries. */
    public enum Kind {
        /** A frame from a KKM. */
        KKM_REQUEST,
        /** An operator command (registration, block, unblock) from the management port. */
        ADMIN
    }

    Kind kind;
    long receivedAtMillis;

    Replier replier;
    FrameHeader header;
    byte[] body;
    Request request;
    int commandNumber;
    Violation violation;

    AdminCommand admin;
    CompletableFuture<AdminResult> adminReply;
    AdminResult adminResult;

    final Answer answer = new Answer();
    long journalIndex;

    void clear() {
        kind = null;
        replier = null;
        header = null;
        body = null;
        request = null;
        commandNumber = -1;
        violation = null;
        admin = null;
        adminReply = null;
        adminResult = null;
        answer.reset();
        journalIndex = -1;
    }

    /**
     * Drops the request's bytes and parsed form once the last stage is done with them, so that an idle ring does not
     * hold the last 16 384 requests' protobuf objects (~6 KB each, ~100 MB in all) until each slot is reused.
     */
    void releasePayload() {
        body = null;
        request = null;
    }

    /**
     * @return true when this slot must reach the journal before its answer leaves: an accepted document, a reported
     *     offline period, an answered X report, a completed operator command
     */
    boolean mustJournal() {
        return kind == Kind.KKM_REQUEST ? answer.accepted() || answer.offlinePeriodReported() || answer.xReport() != null
            : adminResult == AdminResult.DONE && !(admin instanceof AdminCommand.Status)
                && !(admin instanceof AdminCommand.Snapshot);
    }
}
