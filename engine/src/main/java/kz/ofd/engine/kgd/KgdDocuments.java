package kz.ofd.engine.kgd;

import io.vertx.core.json.JsonObject;
import kz.ofd.engine.journal.Outcome;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Request;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Base64;

/**
 * One journaled document as KGD receives it (docs/kgd.md): the request bytes exactly as the register sent them
 * (base64), and what identifies and dates it. Stateless.
 */
final class KgdDocuments {

    private KgdDocuments() {
    }

    /**
     * The key KGD deduplicates by: KKM id, the token the register presented and the request number. Every document
     * of a KKM presents a different token, so the key is unique per document, and it is the same on every re-send
     * and in any copy of the journal.
     */
    static String idempotencyKey(Outcome.DocumentAccepted d) {
        return d.header().kkmId() + ":" + d.header().token() + ":" + d.header().requestNumber();
    }

    /**
     * @param d       a journaled document
     * @param request its request, parsed
     * @param rnm     the KKM's registration number
     * @return the JSON KGD receives
     */
    static JsonObject json(Outcome.DocumentAccepted d, Request request, String rnm) {
        JsonObject json = new JsonObject()
            .put("idempotencyKey", idempotencyKey(d))
            .put("rnm", rnm)
            .put("kkmId", d.header().kkmId())
            .put("type", request.getCommand().name().replace("COMMAND_", ""))
            .put("fiscalSign", d.fiscalSign() == 0 ? null : Long.toString(d.fiscalSign()))
            .put("offline", KkmMessages.isOffline(request))
            .put("shift", d.shiftNumber())
            .put("documentTime", documentTime(request))
            .put("receivedAt", Instant.ofEpochMilli(d.receivedAtMillis()).toString())
            .put("protocolVersion", d.header().version())
            .put("request", Base64.getEncoder().encodeToString(d.request()));
        if (request.hasTicket()) {
            json.put("operation", request.getTicket().getOperation().name().replace("OPERATION_", ""));
        }
        return json;
    }

    /** The document's own time (register local time, no zone), as ISO local date-time. */
    private static String documentTime(Request request) {
        DateTime dt = switch (request.getCommand()) {
            case COMMAND_TICKET -> request.getTicket().getDateTime();
            case COMMAND_MONEY_PLACEMENT -> request.getMoneyPlacement().getDatetime();
            case COMMAND_CLOSE_SHIFT -> request.getCloseShift().getCloseTime();
            default -> null;
        };
        if (dt == null) {
            return null;
        }
        return LocalDateTime.of(dt.getDate().getYear(), dt.getDate().getMonth(), dt.getDate().getDay(),
            dt.getTime().getHour(), dt.getTime().getMinute(), dt.getTime().getSecond()).toString();
    }
}
