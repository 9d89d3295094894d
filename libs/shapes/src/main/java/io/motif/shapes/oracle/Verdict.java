package io.motif.shapes.oracle;

import java.util.List;

/** The oracle's judgement of one image against its prompt. */
public record Verdict(List<ObjectVerdict> objects, int detected, boolean countCorrect) {

    public Verdict {
        objects = List.copyOf(objects);
    }

    /** True when every stated attribute of every object and the object count are right. */
    public boolean allCorrect() {
        if (!countCorrect) {
            return false;
        }
        for (ObjectVerdict o : objects) {
            if (Boolean.FALSE.equals(o.shape()) || Boolean.FALSE.equals(o.colour()) || Boolean.FALSE.equals(o.size())
                    || Boolean.FALSE.equals(o.position())) {
                return false;
            }
        }
        return true;
    }
}
