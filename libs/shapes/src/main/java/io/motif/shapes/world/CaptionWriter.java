package io.motif.shapes.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns what a prompt states into varied natural English ("a small red circle at the top left and a blue square").
 * Every word it can write is listed in {@link #VOCABULARY}, which the motif-tiny tokenizer is built from.
 */
public final class CaptionWriter {

    private static final String[] PREFIXES = {"", "", "", "a picture of ", "an image of ", "a drawing of "};

    /** Words (besides shape, colour, size and background words) captions and training prompts use. */
    public static final List<String> VOCABULARY = List.of(
            "a", "an", "picture", "image", "drawing", "of", "at", "the", "in", "on", "corner", "top", "bottom",
            "left", "right", "centre", "middle", "and", "with", "background", "two", "three",
            // words of the Custom Diffusion prompt templates and scale augmentation
            "photo", "painting", "style", "very", "small", "far", "away", "zoomed", "close", "up");

    private final Map<String, String> conceptTokens;

    /**
     * @param conceptTokens the modifier token to write for each personal concept id (e.g. "striped-star" →
     *                      "&lt;new1&gt;"); may be empty for base-world captions
     */
    public CaptionWriter(Map<String, String> conceptTokens) {
        this.conceptTokens = Map.copyOf(conceptTokens);
    }

    /** A caption for separately described objects. */
    public String caption(List<ObjectSpec> objects, Background background, SplittableRandom rnd) {
        List<String> phrases = new ArrayList<>();
        for (ObjectSpec o : objects) {
            phrases.add(phrase(o, rnd));
        }
        String body;
        if (phrases.size() == 1) {
            body = phrases.get(0);
        } else if (phrases.size() == 2) {
            body = phrases.get(0) + (rnd.nextInt(3) == 0 ? " with " : " and ") + phrases.get(1);
        } else {
            body = String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.get(phrases.size() - 1);
        }
        return frame(body, background, rnd);
    }

    /** A caption for a group of identical objects whose positions are not stated ("two small red circles"). */
    public String groupCaption(ObjectSpec member, int count, Background background, SplittableRandom rnd) {
        String number = count == 2 ? "two" : count == 3 ? "three" : Integer.toString(count);
        StringBuilder s = new StringBuilder(number);
        if (member.size() != null) {
            s.append(' ').append(member.size().word());
        }
        s.append(' ').append(colourOrToken(member)).append(' ').append(plural(member.shape()));
        return frame(s.toString(), background, rnd);
    }

    private String frame(String body, Background background, SplittableRandom rnd) {
        String prefix = PREFIXES[rnd.nextInt(PREFIXES.length)];
        String text = prefix.isEmpty() ? body : prefix + body;
        if (background != null) {
            text = text + " on a " + background.word() + " background";
        }
        return text;
    }

    /** "a small red circle at the top left". */
    public String phrase(ObjectSpec o, SplittableRandom rnd) {
        StringBuilder s = new StringBuilder();
        if (o.size() != null) {
            s.append(o.size().word()).append(' ');
        }
        String modifier = colourOrToken(o);
        if (!modifier.isEmpty()) {
            s.append(modifier).append(' ');
        }
        s.append(o.shape().word());
        String noun = s.toString();
        String text = article(noun) + " " + noun;
        if (o.position() != null) {
            text += positionPhrase(o.position(), rnd);
        }
        return text;
    }

    private String colourOrToken(ObjectSpec o) {
        if (o.isConcept()) {
            String token = conceptTokens.get(o.concept());
            if (token == null) {
                throw new IllegalArgumentException("no modifier token for concept " + o.concept());
            }
            return token;
        }
        return o.colour() == null ? "" : o.colour().word();
    }

    /** Every word {@link #positionPhrase} uses to say where an object is (prepositions and articles aside). */
    public static List<String> positionWords() {
        List<String> words = new ArrayList<>();
        for (Position p : Position.values()) {
            words.addAll(List.of(p.words().split(" ")));
        }
        words.add("middle");
        words.add("corner");
        return words.stream().distinct().toList();
    }

    static String positionPhrase(Position p, SplittableRandom rnd) {
        switch (p) {
            case CENTRE:
                return rnd.nextBoolean() ? " in the centre" : " in the middle";
            case LEFT:
            case RIGHT:
                return " on the " + p.words();
            case TOP:
            case BOTTOM:
                return " at the " + p.words();
            default:
                return rnd.nextBoolean() ? " at the " + p.words() : " in the " + p.words() + " corner";
        }
    }

    public static String plural(ShapeKind k) {
        return k == ShapeKind.CROSS ? "crosses" : k.word() + "s";
    }

    static String article(String nextWords) {
        char c = nextWords.charAt(0);
        return "aeiou".indexOf(c) >= 0 ? "an" : "a";
    }

    /** Every word a caption of the shapes world can contain, modifier tokens excluded. */
    public static List<String> allWords() {
        List<String> words = new ArrayList<>(VOCABULARY);
        for (ShapeKind k : ShapeKind.values()) {
            words.add(k.word());
            words.add(plural(k));
        }
        for (ShapeColour c : ShapeColour.values()) {
            words.add(c.word());
        }
        for (SizeClass z : SizeClass.values()) {
            words.add(z.word());
        }
        for (Background b : Background.values()) {
            words.add(b.word());
        }
        return words.stream().distinct().toList();
    }
}
