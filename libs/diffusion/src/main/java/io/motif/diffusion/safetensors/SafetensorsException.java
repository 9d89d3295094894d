package io.motif.diffusion.safetensors;

/** A safetensors file that is malformed or holds something Motif cannot read. */
public class SafetensorsException extends RuntimeException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
