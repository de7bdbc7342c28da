package io.meridian.server.storage.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where assets are kept ({@code meridian.storage.*}; application.yml maps MERIDIAN_STORAGE_* onto it).
 *
 * @param kind {@code local} (the embedded default: files under {@code root}) or {@code s3}
 * @param root the local store's directory; {@code $MERIDIAN_HOME/objects} unless set
 * @param sharedCapacity the platform-shared capacity (spec: 300G per cluster)
 * @param s3 the S3-compatible store, when {@code kind} is {@code s3}
 */
@ConfigurationProperties("meridian.storage")
record StorageProperties(String kind, Path root, DataSize sharedCapacity, S3 s3)
{
    StorageProperties
    {
        if (kind == null || kind.isBlank()) {
            kind = "local";
        }
        if (sharedCapacity == null) {
            sharedCapacity = DataSize.ofGigabytes(300);
        }
        if (s3 == null) {
            s3 = new S3(null, null, null, null, null, null, true);
        }
    }

    /** An S3-compatible endpoint; the secret key is never logged (see {@link #toString()}). */
    record S3(URI endpoint, String region, String bucket, String prefix, String accessKey, String secretKey, boolean pathStyle)
    {
        @Override
        public String toString()
        {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix + ", pathStyle=" + pathStyle + "]";
        }
    }
}
