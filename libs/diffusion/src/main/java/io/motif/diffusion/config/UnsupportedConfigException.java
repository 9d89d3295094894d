package io.motif.diffusion.config;

/** A model config asks for something this implementation does not honour; the message names the option. */
public class UnsupportedConfigException extends RuntimeException {
    public UnsupportedConfigException(String message) {
        super(message);
    }
}
