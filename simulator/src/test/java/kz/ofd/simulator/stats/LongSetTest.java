package kz.ofd.simulator.stats;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongSetTest {

    @Test
    void shouldBehaveLikeAHashSetThroughGrowth() {
        LongSet set = new LongSet();
        Set<Long> reference = new HashSet<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextInt(4) == 0 ? random.nextLong(1000) : random.nextLong();
            assertEquals(reference.add(v), set.add(v));
        }
        assertEquals(reference.size(), set.size());
    }

    @Test
    void shouldHandleZeroAndNegativeValues() {
        LongSet set = new LongSet();
        assertTrue(set.add(0));
        assertFalse(set.add(0));
        assertTrue(set.add(-1));
        assertFalse(set.add(-1));
        assertTrue(set.add(Long.MIN_VALUE));
        assertEquals(3, set.size());
    }
}
