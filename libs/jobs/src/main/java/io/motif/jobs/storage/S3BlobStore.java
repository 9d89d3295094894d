package io.motif.jobs.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A blob store on any S3-compatible server (MinIO, S3Proxy, AWS S3…), spoken to through the MinIO client. */
public final class S3BlobStore implements BlobStore {

    private final MinioClient client;
    private final String bucket;

    public S3BlobStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    public static S3BlobStore connect(String endpoint, String accessKey, String secretKey, String bucket)
            throws IOException {
        // region fixed so the client never asks the server for it (S3Proxy answers that call badly)
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
                .region("us-east-1").build();
        S3BlobStore store = new S3BlobStore(client, bucket);
        store.ensureBucket();
        return store;
    }

    public void ensureBucket() throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            // several workers starting at once race to create it; losing that race is fine
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw new IOException("cannot create bucket " + bucket + ": " + e.getMessage(), e);
            }
        } catch (Exception e) {
            throw asIo(e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build()));
    }

    @Override
    public void put(String key, Path file) throws IOException {
        call(() -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                .filename(file.toString()).build()));
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        try {
            return Optional.of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new IOException("GET " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw asIo(e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return false;
            }
            throw new IOException("HEAD " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw asIo(e);
        }
    }

    @Override
    public String presignedGetUrl(String key, Duration validFor) throws IOException {
        return call(() -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(bucket).object(key).expiry((int) validFor.toSeconds()).build()));
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(S3Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (Exception e) {
            throw asIo(e);
        }
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
}
