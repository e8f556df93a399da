package kz.ofd.simulator.provision;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KkmFileTest {

    @Test
    void shouldReadBothSeparatorsAndSkipCommentsAndBlankLines() {
        List<KkmCredentials> kkms = KkmFile.parse(List.of(
            "# id token",
            "",
            "200956 257152748",
            "  201873,2376246852   # unsigned token above 2^31",
            "925238 , 4294967295",
            "\t1\t1"), "kkms.txt");
        assertEquals(List.of(new KkmCredentials(200956, 257152748), new KkmCredentials(201873, 2376246852L),
            new KkmCredentials(925238, 4294967295L), new KkmCredentials(1, 1)), kkms);
    }

    @Test
    void shouldNameTheLineOfAMalformedEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KkmFile.parse(List.of("1 2", "3"), "k.txt"));
        assertTrue(e.getMessage().startsWith("k.txt:2: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KkmFile.parse(List.of("1 4294967296"), "k.txt"));
        assertTrue(e.getMessage().contains("token must be 1..4294967295"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KkmFile.parse(List.of("x 2"), "k.txt"));
        assertTrue(e.getMessage().startsWith("k.txt:1: "), e.getMessage());
    }

    @Test
    void shouldRejectRepeatedIdsAndEmptyFiles() {
        assertThrows(IllegalArgumentException.class, () -> KkmFile.parse(List.of("1 2", "1 3"), "k.txt"));
        assertThrows(IllegalArgumentException.class, () -> KkmFile.parse(List.of("# nothing"), "k.txt"));
    }
}
