package io.motif.events.event;

/** An old version of an event type that is still readable: it converts itself to the current version. */
public interface Upcastable {
    ConceptEvent upcast();
}
