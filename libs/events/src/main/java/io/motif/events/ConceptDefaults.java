package io.motif.events;

/** Values used when a producer leaves a choice open, in one place for the command handler and the upcaster. */
public final class ConceptDefaults {
    /** The modifier token of a concept trained alone, as in the paper's prompts ("photo of a &lt;new1&gt; dog"). */
    public static final String MODIFIER_TOKEN = "<new1>";
    /** A rare token whose embedding initialises the modifier token, as the reference code does. */
    public static final String INITIALIZER_TOKEN = "ktn";

    private ConceptDefaults() {
    }

    /** Object-storage prefix that holds everything of one concept (images, checkpoints, deltas, samples). */
    public static String storagePrefix(String tenant, String conceptId) {
        return tenant + "/concepts/" + conceptId + "/";
    }
}
