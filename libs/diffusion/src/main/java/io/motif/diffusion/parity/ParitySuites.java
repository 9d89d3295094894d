package io.motif.diffusion.parity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Every {@link ParitySuite} on the class path, in name order. */
public final class ParitySuites {

    private ParitySuites() {
    }

    public static List<ParitySuite> discover() {
        List<ParitySuite> suites = new ArrayList<>();
        ServiceLoader.load(ParitySuite.class).forEach(suites::add);
        suites.sort(Comparator.comparing(ParitySuite::name));
        return suites;
    }
}
