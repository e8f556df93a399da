package kz.ofd.simulator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JsonTextTest {

    @Test
    void shouldQuoteSpecialCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001е\"", JsonText.quote("a\"b\\c\nd\u0001е"));
    }

    @Test
    void shouldReadAStringFieldWithEscapes() {
        String json = "{\"status\": 400, \"title\" : \"Bad\", \"detail\" :\"id \\\"7\\\" taken\\u0021\"}";
        assertEquals("id \"7\" taken!", JsonText.stringField(json, "detail"));
        assertEquals("Bad", JsonText.stringField(json, "title"));
        assertNull(JsonText.stringField(json, "status"));
        assertNull(JsonText.stringField(json, "missing"));
    }

    @Test
    void shouldRoundTripQuotedText() {
        String text = "ТОО \"Симулятор\"\t\\ 1";
        assertEquals(text, JsonText.stringField("{\"x\":" + JsonText.quote(text) + "}", "x"));
    }
}
