package io.motif.storage;

/** An object-store call failed (unreachable server, refused credentials, server error). */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
