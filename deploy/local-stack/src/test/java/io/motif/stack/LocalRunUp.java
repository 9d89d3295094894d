package io.motif.stack;

import java.nio.file.Path;
import java.util.List;

/** Stands in for {@code ./motif up} without services: starts the stack under a home, hands it over, exits. */
public final class LocalRunUp {

    public static void main(String[] args) {
        new LocalRun(Path.of("."), new StackHome(Path.of(args[0])), List.of(), System.out).up(false, List.of());
    }
}
