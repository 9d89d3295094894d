package io.motif.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Job workers' local scratch folders: removed whole once a job's results are in object storage. */
public final class ScratchFolders {

    private ScratchFolders() {
    }

    /** Deletes a folder and everything in it; a folder that does not exist is fine. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
