package io.motif.cli.demo;

/** A demo step that cannot go on, with a message that says what happened and where to look. */
public final class DemoFailure extends RuntimeException {

    public DemoFailure(String message) {
        super(message);
    }

    public DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
