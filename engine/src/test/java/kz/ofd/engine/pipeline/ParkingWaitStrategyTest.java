package kz.ofd.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.awaitility.Awaitility.await;

class ParkingWaitStrategyTest {

    @Test
    void everyStageSeesEveryEventInOrderAndParkedStagesStopOnShutdown() throws Exception {
        ParkingWaitStrategy strategy = new ParkingWaitStrategy();
        Disruptor<RingEvent> disruptor = new Disruptor<>(RingEvent::new, 64, Thread::new, ProducerType.MULTI, strategy);
        AtomicLong first = new AtomicLong(-1);
        AtomicLong second = new AtomicLong(-1);
        AtomicLong outOfOrder = new AtomicLong();
        EventHandler<RingEvent> one = (event, sequence, end) -> {
            if (event.journalIndex != first.get() + 1) {
                outOfOrder.incrementAndGet();
            }
            first.set(event.journalIndex);
        };
        EventHandler<RingEvent> two = (event, sequence, end) -> {
            // The first stage has finished this event before the second sees it.
            if (first.get() < event.journalIndex || event.journalIndex != second.get() + 1) {
                outOfOrder.incrementAndGet();
            }
            second.set(event.journalIndex);
        };
        disruptor.handleEventsWith(strategy.signalling(one)).then(strategy.signalling(two));
        RingBuffer<RingEvent> ring = disruptor.start();
        int events = 20_000;
        for (int i = 0; i < events; i++) {
            long index = i;
            ring.publishEvent((event, seq) -> event.journalIndex = index);
            if (i % 1000 == 0) {
                // Let both stages go idle and park now and then, so waking from a park is exercised too.
                await().atMost(Duration.ofSeconds(10)).until(() -> second.get() == index);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> second.get() == events - 1);
        assertEquals(events - 1, first.get());
        assertEquals(0, outOfOrder.get());
        disruptor.shutdown(5, TimeUnit.SECONDS);
    }

    @Test
    void theRingOffersTheParkingStrategyByName() {
        assertInstanceOf(ParkingWaitStrategy.class, Pipeline.waitStrategy("parking"));
    }
}
