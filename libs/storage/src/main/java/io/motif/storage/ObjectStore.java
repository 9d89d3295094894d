package io.motif.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.time.Duration;
import java.util.Optional;

/**
 * Motif's object storage: plain S3 through the MinIO client, so MinIO, S3Proxy, SeaweedFS, Ceph RGW or AWS S3
 * all work. Objects are content-addressed ({@link ObjectKey}); downloads go through presigned URLs so that no
 * client ever needs the store's credentials.
 */
public final class ObjectStore {

    private final MinioClient client;
    private final StorageSettings settings;

    public ObjectStore(StorageSettings settings) {
        this.settings = settings;
        // a fixed region: the client then never asks the server for the bucket's location (S3Proxy answers badly)
        this.client = MinioClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey()).region(settings.region()).build();
    }

    public StorageSettings settings() {
        return settings;
    }

    /** Creates the bucket unless it exists (idempotent; safe when several services start at once). */
    public void ensureBucket() {
        call("create bucket " + settings.bucket(), () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /** Whether the store answers and the bucket exists (the services' readiness check). */
    public boolean bucketExists() {
        return call("check bucket " + settings.bucket(),
                () -> client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build()));
    }

    /** Stores bytes under their content key, skipping the upload when that content is already there. */
    public ObjectKey putContent(String tenant, String kind, byte[] bytes, String contentType) {
        ObjectKey key = ObjectKey.forContent(tenant, kind, bytes);
        if (!exists(key)) {
            call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(settings.bucket())
                    .object(key.path()).contentType(contentType)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build()));
        }
        return key;
    }

    /**
     * Stores a file under its content key, streaming it (hashed in one pass, uploaded in a second): for objects too
     * big to hold in the heap, such as a caption index archive. Skips the upload when that content is there.
     */
    public ObjectKey putFile(String tenant, String kind, Path file, String contentType) {
        ObjectKey key = new ObjectKey(tenant, kind, sha256Hex(file));
        if (!exists(key)) {
            call("put " + key, () -> {
                try (InputStream in = Files.newInputStream(file)) {
                    // known size, part size chosen by the client: large files go up as a multipart upload, one
                    // part in memory at a time
                    return client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key.path())
                            .contentType(contentType).stream(in, Files.size(file), -1).build());
                }
            });
        }
        return key;
    }

    /** Streams the object into {@code target} (replaced if present); false when there is no such object. */
    public boolean download(ObjectKey key, Path target) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket())
                .object(key.path()).build())) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return false;
            }
            throw new StorageException("get " + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("get " + key + " failed: " + e.getMessage(), e);
        }
    }

    private static String sha256Hex(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new StorageException("hash " + file + " failed: " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The object's bytes, or empty when there is none. */
    public Optional<byte[]> get(ObjectKey key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket())
                .object(key.path()).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new StorageException("get " + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("get " + key + " failed: " + e.getMessage(), e);
        }
    }

    public boolean exists(ObjectKey key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key.path()).build());
            return true;
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return false;
            }
            throw new StorageException("stat " + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("stat " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** A URL anyone can GET for {@code validFor} (1 s to 7 days, the S3 limit). */
    public String presignedGetUrl(ObjectKey key, Duration validFor) {
        return call("presign " + key, () -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(settings.bucket()).object(key.path())
                .expiry((int) validFor.toSeconds()).build()));
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, S3Call<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
    }
}
