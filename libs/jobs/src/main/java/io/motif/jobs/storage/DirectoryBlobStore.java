package io.motif.jobs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A blob store on a local (or shared) directory: one file per key. Writes go to a temporary file first and are
 * renamed into place, so a process killed mid-write never leaves a half object under the key.
 */
public final class DirectoryBlobStore implements BlobStore {

    private final Path root;

    public DirectoryBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = resolve(key);
        Path tmp = temporarySibling(target);
        Files.write(tmp, bytes);
        moveIntoPlace(tmp, target);
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Path tmp = temporarySibling(target);
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        moveIntoPlace(tmp, target);
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public String presignedGetUrl(String key, Duration validFor) {
        return resolve(key).toUri().toString();
    }

    private Path resolve(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException("not a safe object key: " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("object key escapes the store: " + key);
        }
        return path;
    }

    private static Path temporarySibling(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
