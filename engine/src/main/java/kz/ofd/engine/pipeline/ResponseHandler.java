package kz.ofd.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import kz.ofd.protocol.frame.KkmFrame;

/**
 * Stage 3a: sends each answer (after the journal stage released it) and completes operator commands.
 */
final class ResponseHandler implements EventHandler<RingEvent> {

    private final PipelineStats stats;

    ResponseHandler(PipelineStats stats) {
        this.stats = stats;
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        if (event.kind == RingEvent.Kind.ADMIN) {
            event.adminReply.complete(event.adminResult);
            return;
        }
        byte[] body = event.answer.body();
        event.replier.reply(new KkmFrame(event.header.answer(body.length, event.answer.headerToken()), body));
        stats.answered(event.commandNumber, event.answer.resultCode());
    }
}
