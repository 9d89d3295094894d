package io.motif.retrieval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a regularization corpus in the layout the reference {@code retrieve.py} writes: {@code images/} with
 * the pictures and {@code caption.txt} with one caption per line, line i describing image i. When
 * {@code images.txt} is present its line i names image i (only the file name is used, since it holds the paths of
 * the machine that downloaded it); otherwise images are ordered by their numeric file stem (0.jpg, 1.jpg, …).
 * Image keys are paths relative to the folder, e.g. {@code images/17.jpg}.
 */
public final class CorpusFolder {
    public static final String IMAGES = "images";
    public static final String CAPTIONS = "caption.txt";
    public static final String IMAGE_LIST = "images.txt";

    private CorpusFolder() {
    }

    public static List<CorpusEntry> read(Path folder) throws IOException {
        Path captionsFile = folder.resolve(CAPTIONS);
        Path imagesDir = folder.resolve(IMAGES);
        if (!Files.isRegularFile(captionsFile) || !Files.isDirectory(imagesDir)) {
            throw new IOException(folder + " is not a corpus folder: it needs " + IMAGES + "/ and " + CAPTIONS);
        }
        List<String> captions = Files.readAllLines(captionsFile, StandardCharsets.UTF_8);
        while (!captions.isEmpty() && captions.get(captions.size() - 1).isEmpty()) {
            captions.remove(captions.size() - 1); // a final newline is not an extra caption
        }
        List<String> imageNames = Files.isRegularFile(folder.resolve(IMAGE_LIST))
                ? listedImages(folder.resolve(IMAGE_LIST))
                : numberedImages(imagesDir);
        if (imageNames.size() != captions.size()) {
            throw new IOException(folder + ": " + captions.size() + " captions but " + imageNames.size() + " images");
        }
        List<CorpusEntry> entries = new ArrayList<>(captions.size());
        for (int i = 0; i < captions.size(); i++) {
            String name = imageNames.get(i);
            if (!Files.isRegularFile(imagesDir.resolve(name))) {
                throw new IOException(folder + ": image " + i + " (" + name + ") is missing");
            }
            entries.add(new CorpusEntry(IMAGES + "/" + name, captions.get(i).strip()));
        }
        return entries;
    }

    private static List<String> listedImages(Path list) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String p = line.strip().replace('\\', '/');
                names.add(p.substring(p.lastIndexOf('/') + 1));
            }
        }
        return names;
    }

    private static List<String> numberedImages(Path imagesDir) throws IOException {
        try (Stream<Path> files = Files.list(imagesDir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted(Comparator.comparingLong(CorpusFolder::numericStem).thenComparing(Comparator.naturalOrder()))
                    .toList();
        }
    }

    private static long numericStem(String name) {
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
        try {
            return Long.parseLong(stem);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
