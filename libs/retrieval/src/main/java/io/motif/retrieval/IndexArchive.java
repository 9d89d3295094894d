package io.motif.retrieval;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Moves a whole index directory through object storage as one zip, so any replica can download and open it.
 * Lucene files are already compressed where it pays, so entries are stored, not deflated: zipping a million-vector
 * index is then a copy, not minutes of CPU.
 */
public final class IndexArchive {
    private IndexArchive() {
    }

    /** Writes every regular file of the flat index directory into the stream (which stays open). */
    public static void zip(Path indexDir, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(0);
        List<Path> files;
        try (Stream<Path> list = Files.list(indexDir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
            Files.copy(f, zip);
            zip.closeEntry();
        }
        zip.finish();
    }

    /** Unpacks into an empty (or new) directory; entries with paths are refused (no zip-slip). */
    public static void unzip(InputStream in, Path indexDir) throws IOException {
        Files.createDirectories(indexDir);
        ZipInputStream zip = new ZipInputStream(in);
        boolean sawMetadata = false;
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            String name = e.getName();
            if (e.isDirectory() || name.contains("/") || name.contains("\\") || name.equals("..") || name.isBlank()) {
                throw new IOException("unexpected entry in an index archive: " + name);
            }
            Files.copy(zip, indexDir.resolve(name));
            sawMetadata |= name.equals(IndexMetadata.FILE_NAME);
        }
        if (!sawMetadata) {
            throw new IOException("archive holds no " + IndexMetadata.FILE_NAME + ": not a Motif caption index");
        }
    }
}
