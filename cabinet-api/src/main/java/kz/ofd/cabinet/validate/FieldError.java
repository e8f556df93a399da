package kz.ofd.cabinet.validate;

/**
 * One reason a request field was refused, as carried in a problem's {@code errors} array.
 *
 * @param field   the JSON field name (dotted for nested fields, e.g. {@code head.iin})
 * @param code    a stable machine-readable code, e.g. {@code iban-checksum}
 * @param message what a person should change
 */
public record FieldError(String field, String code, String message) {
}
