package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.validate.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of a JSON request body, collecting every problem instead of stopping at the first.
 * One instance per request.
 */
final class Fields {

    private final JsonObject body;
    private final String prefix;
    final List<FieldError> errors;

    Fields(JsonObject body) {
        this(body, "", new ArrayList<>());
    }

    private Fields(JsonObject body, String prefix, List<FieldError> errors) {
        this.body = body == null ? new JsonObject() : body;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** @return the fields of a nested object, reporting into the same error list; an absent object reads as empty */
    Fields object(String name) {
        Object v = body.getValue(name);
        if (v != null && !(v instanceof JsonObject)) {
            errors.add(new FieldError(prefix + name, "type", "must be an object"));
        }
        return new Fields(v instanceof JsonObject o ? o : null, prefix + name + ".", errors);
    }

    boolean present(String name) {
        return body.getValue(name) != null;
    }

    /** @return the trimmed string, or {@code null} (reported when required) */
    String text(String name, boolean required, int maxLength) {
        Object v = body.getValue(name);
        if (v == null || v instanceof String s && s.isBlank()) {
            if (required) {
                errors.add(new FieldError(prefix + name, "required", "is required"));
            }
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(new FieldError(prefix + name, "type", "must be a string"));
            return null;
        }
        String t = s.trim();
        if (t.length() > maxLength) {
            errors.add(new FieldError(prefix + name, "too-long", "at most " + maxLength + " characters"));
            return null;
        }
        return t;
    }

    /** @return the raw string (not trimmed: passwords), or {@code null} */
    String raw(String name) {
        Object v = body.getValue(name);
        if (v != null && !(v instanceof String)) {
            errors.add(new FieldError(prefix + name, "type", "must be a string"));
            return null;
        }
        return (String) v;
    }

    /** @return the integer, or {@code null} (reported when required, or when it is not a whole number) */
    Long integer(String name, boolean required) {
        Object v = body.getValue(name);
        if (v == null) {
            if (required) {
                errors.add(new FieldError(prefix + name, "required", "is required"));
            }
            return null;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s && s.trim().matches("\\d{1,18}")) {
            return Long.parseLong(s.trim());
        }
        errors.add(new FieldError(prefix + name, "type", "must be a whole number"));
        return null;
    }

    boolean bool(String name) {
        Object v = body.getValue(name);
        if (v != null && !(v instanceof Boolean)) {
            errors.add(new FieldError(prefix + name, "type", "must be true or false"));
            return false;
        }
        return Boolean.TRUE.equals(v);
    }

    void add(FieldError error) {
        errors.add(error);
    }

    String path(String name) {
        return prefix + name;
    }

    boolean ok() {
        return errors.isEmpty();
    }
}
