package io.meridian.storage;

import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract against a real S3-compatible server: S3Proxy (in this JVM, over its in-memory blob store), spoken to
 * through the AWS SDK with signed requests, as Meridian speaks to MinIO, ZOS or AWS in production.
 */
class S3ObjectStoreTest
        extends ObjectStoreContract
{
    private static final String ACCESS_KEY = "meridian-test";
    private static final String SECRET_KEY = "meridian-test-secret";

    private static S3ProxyJunitCore proxy;
    private static URI endpoint;

    private S3Settings settings;
    private S3ObjectStore store;
    private S3Client raw;

    @BeforeAll
    static void startServer()
            throws Exception
    {
        proxy = new S3ProxyJunitCore.Builder()
                .withCredentials(ACCESS_KEY, SECRET_KEY)
                .withBlobStoreProvider("transient")
                .build();
        proxy.beforeEach();
        endpoint = proxy.getUri();
    }

    @AfterAll
    static void stopServer()
    {
        proxy.afterEach();
    }

    @BeforeEach
    void createBucket()
    {
        // a bucket per test, and a prefix, as an installation sharing a bucket with others would use
        String bucket = "t-" + UUID.randomUUID();
        settings = new S3Settings(endpoint, "us-east-1", ACCESS_KEY, SECRET_KEY, bucket, "meridian/", true);
        store = settings.connect();
        raw = S3Client.builder()
                .endpointOverride(endpoint)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
                .forcePathStyle(true)
                .build();
        raw.createBucket(request -> request.bucket(bucket));
    }

    @Override
    ObjectStore store()
    {
        return store;
    }

    @Override
    ObjectStore reopen()
    {
        return settings.connect();
    }

    @Override
    void corrupt(ObjectKey key)
    {
        raw.putObject(request -> request.bucket(settings.bucket()).key("meridian/" + key.value()), RequestBody.fromString("tampered content"));
    }

    @Test
    void objectsLiveUnderTheConfiguredPrefixAndAnObjectWrittenByAnotherToolGetsAChecksum()
    {
        raw.putObject(request -> request.bucket(settings.bucket()).key("meridian/imported/by-tool.txt"), RequestBody.fromString("from elsewhere"));

        assertThat(store.stat(key("imported/by-tool.txt"))).hasValueSatisfying(info ->
                assertThat(info.sha256()).isEqualTo(sha256("from elsewhere".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(raw.listObjectsV2(request -> request.bucket(settings.bucket()).prefix("meridian/.meridian/sha256/")).contents())
                .extracting(object -> object.key())
                .containsExactly("meridian/.meridian/sha256/imported/by-tool.txt");
    }

    @Test
    void wrongCredentialsAreUnavailableWithoutTheSecretInTheMessage()
    {
        S3ObjectStore wrong = new S3Settings(endpoint, "us-east-1", ACCESS_KEY, "not-the-secret", settings.bucket(), "", true).connect();

        assertThatThrownBy(() -> wrong.put(key("x"), bytes("x"), 1))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE))
                .message().doesNotContain("not-the-secret");
        assertThat(settings.toString()).doesNotContain(SECRET_KEY);
    }
}
