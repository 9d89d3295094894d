package io.motif.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The versioned type name of a message record, as it appears in {@code ce_type} and as the name of its schema file
 * under {@code schemas/}. Tests check every annotated record against that schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageType {
    String value();
}
