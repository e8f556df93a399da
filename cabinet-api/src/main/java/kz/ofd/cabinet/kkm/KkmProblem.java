package kz.ofd.cabinet.kkm;

import kz.ofd.cabinet.validate.FieldError;

import java.util.List;

/**
 * A KKM request the lifecycle refuses, with what the API answers: an HTTP status, a problem code (the suffix of the
 * RFC 9457 {@code type}) and, for invalid input, the fields at fault.
 */
public final class KkmProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<FieldError> errors;

    /**
     * @param status HTTP status
     * @param code   problem code
     * @param detail a sentence for the user
     * @param errors fields at fault (may be empty)
     */
    public KkmProblem(int status, String code, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    /**
     * @param status HTTP status
     * @param code   problem code
     * @param detail a sentence for the user
     */
    public KkmProblem(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    /** @return HTTP status */
    public int status() {
        return status;
    }

    /** @return problem code */
    public String code() {
        return code;
    }

    /** @return fields at fault */
    public List<FieldError> errors() {
        return errors;
    }
}
