package kz.ofd.engine.pipeline;

import kz.ofd.protocol.frame.KkmFrame;

/**
 * Sends each answer and completes operator commands. Called by the journal stage at the end of each batch, once the
 * batch is appended (and, in {@code sync} mode, forced to disk), so no answer overtakes its journal record. It was a
 * ring stage of its own; on two cores the extra thread and hop cost more than they overlapped.
 */
final class ResponseHandler {

    private final PipelineStats stats;

    ResponseHandler(PipelineStats stats) {
        this.stats = stats;
    }

    void send(RingEvent event) {
        if (event.kind == RingEvent.Kind.ADMIN) {
            event.adminReply.complete(event.adminResult);
            return;
        }
        byte[] body = event.answer.body();
        event.replier.reply(new KkmFrame(event.header.answer(body.length, event.answer.headerToken()), body));
        stats.answered(event.commandNumber, event.answer.resultCode());
    }
}
