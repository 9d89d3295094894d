package io.motif.events.schema;

/** A record that cannot become a message; {@link #code()} is the {@code reasonCode} of {@code command.rejected}. */
public class InvalidMessageException extends Exception {

    public static final String INVALID_JSON = "invalid-json";
    public static final String SCHEMA_VIOLATION = "schema-violation";
    public static final String UNKNOWN_TYPE = "unknown-type";
    public static final String MISSING_HEADER = "missing-header";
    /** The record's key is not the concept id of its body. */
    public static final String WRONG_KEY = "wrong-key";
    /** Not an input problem: the concept's state refuses the command (see {@code ConceptDecider}). */
    public static final String STATE_REJECTED = "state-rejected";

    private final String code;

    public InvalidMessageException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
