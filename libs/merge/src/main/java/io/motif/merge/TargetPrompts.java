package io.motif.merge;

import java.util.List;

/**
 * The prompts whose features constrain a concept in the merge: {@code "<newk> category"} plus one templated
 * variant of it.
 *
 * <p>The two reference code bases differ in the template: the paper's code ({@code composenW.py}) uses
 * "a photo of …", which keeps those three words' rows as constraints (the public merge fixture was made this way),
 * while the adobe diffusers script uses "photo of a …", which the leading-"photo of a" rule then strips again.
 * Motif defaults to the paper's {@link #A_PHOTO_OF}; {@link #PHOTO_OF_A} reproduces the diffusers script.
 * Either way a concept whose phrase contains "art" (a substring test, as in the reference, so "smart", "cart"
 * count too) gets "painting in the style of …" instead.
 */
public enum TargetPrompts {

    /** "a photo of &lt;newk&gt; category" (composenW.py; the default). */
    A_PHOTO_OF("a photo of "),
    /** "photo of a &lt;newk&gt; category" (the adobe diffusers script). */
    PHOTO_OF_A("photo of a ");

    static final String STYLE_PREFIX = "painting in the style of ";

    private final String photoPrefix;

    TargetPrompts(String photoPrefix) {
        this.photoPrefix = photoPrefix;
    }

    /** The concept's target prompts, e.g. {@code ["<new1> cat", "a photo of <new1> cat"]}. */
    public List<String> prompts(String token, String category) {
        String phrase = token == null || token.isEmpty() ? category : token + " " + category;
        String prefix = phrase.contains("art") ? STYLE_PREFIX : photoPrefix;
        return List.of(phrase, prefix + phrase);
    }
}
