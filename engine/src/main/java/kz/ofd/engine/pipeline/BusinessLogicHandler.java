package kz.ofd.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.KkmStatus;
import kz.ofd.engine.logic.StateSnapshot;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.ResultTypeEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: the single thread that owns all KKM state. Decides every answer; never blocks, never does I/O.
 */
final class BusinessLogicHandler implements EventHandler<RingEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(BusinessLogicHandler.class);

    private final BusinessLogic logic;
    private final JournalHealth health;

    BusinessLogicHandler(BusinessLogic logic, JournalHealth health) {
        this.logic = logic;
        this.health = health;
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        if (event.kind == RingEvent.Kind.ADMIN) {
            boolean read = event.admin instanceof AdminCommand.Status;
            event.adminResult = health.failed() && !read ? AdminResult.NOT_DURABLE : admin(event.admin);
            return;
        }
        if (health.failed()) {
            unavailable(event, "the OFD journal cannot be written; the document was not accepted, retry later");
            return;
        }
        try {
            logic.onRequest(event.header, event.commandNumber, event.request, event.violation, event.receivedAtMillis,
                event.answer);
        } catch (RuntimeException e) {
            LOG.error("event=request_failed kkm={} reqnum={} command={}", event.header.kkmId(),
                event.header.requestNumber(), event.commandNumber, e);
            event.answer.reset();
            event.answer.refuse(ResultTypeEnum.RESULT_TYPE_UNKNOWN_ERROR_VALUE, KkmMessages.errorBody(event.commandNumber,
                Violation.of(ResultTypeEnum.RESULT_TYPE_UNKNOWN_ERROR, "internal error; the document was not accepted")));
            event.answer.setHeaderToken(event.header.token());
        }
    }

    private AdminResult admin(AdminCommand command) {
        if (command instanceof AdminCommand.Register r) {
            return logic.register(r.registration()) ? AdminResult.DONE : AdminResult.DUPLICATE_ID;
        }
        if (command instanceof AdminCommand.Snapshot snapshot) {
            snapshot.state().set(StateSnapshot.write(logic));
            return AdminResult.DONE;
        }
        if (command instanceof AdminCommand.Status q) {
            KkmStatus status = logic.status(q.kkmId());
            q.result().set(status);
            return status == null ? AdminResult.UNKNOWN_KKM : AdminResult.DONE;
        }
        if (command instanceof AdminCommand.IssueToken t) {
            return logic.issueToken(t.kkmId(), t.token()) ? AdminResult.DONE : AdminResult.UNKNOWN_KKM;
        }
        if (command instanceof AdminCommand.UpdateRegistration u) {
            return logic.updateRegistration(u.kkmId(), u.details()) ? AdminResult.DONE : AdminResult.UNKNOWN_KKM;
        }
        if (command instanceof AdminCommand.CabinetEvent) {
            return AdminResult.DONE;
        }
        AdminCommand.Block b = (AdminCommand.Block) command;
        return logic.block(b.kkmId(), b.reason()) ? AdminResult.DONE : AdminResult.UNKNOWN_KKM;
    }

    private static void unavailable(RingEvent event, String text) {
        event.answer.reset();
        event.answer.refuse(ResultTypeEnum.RESULT_TYPE_SERVICE_TEMPORARILY_UNAVAILABLE_VALUE, KkmMessages.errorBody(
            event.commandNumber, Violation.of(ResultTypeEnum.RESULT_TYPE_SERVICE_TEMPORARILY_UNAVAILABLE, text)));
        event.answer.setHeaderToken(event.header.token());
    }
}
