package io.meridian.server.storage.internal;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.storage.LocalObjectStore;
import io.meridian.storage.ObjectStore;
import io.meridian.storage.S3Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one {@link ObjectStore} of the server: local files under {@code MERIDIAN_HOME/objects}, or an S3 bucket. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class StorageConfig
{
    private static final Logger log = LoggerFactory.getLogger(StorageConfig.class);

    @Bean
    ObjectStore objectStore(StorageProperties properties, MeridianProperties meridian)
    {
        return switch (properties.kind().toLowerCase(Locale.ROOT)) {
            case "local" -> {
                Path root = properties.root() == null ? meridian.home().resolve("objects") : properties.root();
                log.info("Assets are kept under {}", root);
                yield new LocalObjectStore(root);
            }
            case "s3" -> {
                S3Settings settings = s3(properties.s3());
                // S3Settings.toString() leaves out the secret key
                log.info("Assets are kept in {}", settings);
                yield settings.connect();
            }
            default -> throw new IllegalStateException("meridian.storage.kind must be local or s3, not '" + properties.kind() + "'");
        };
    }

    private static S3Settings s3(StorageProperties.S3 s3)
    {
        List<String> missing = new ArrayList<>();
        if (s3.endpoint() == null) {
            missing.add("endpoint");
        }
        if (s3.bucket() == null || s3.bucket().isBlank()) {
            missing.add("bucket");
        }
        if (s3.accessKey() == null || s3.accessKey().isBlank()) {
            missing.add("access-key");
        }
        if (s3.secretKey() == null || s3.secretKey().isBlank()) {
            missing.add("secret-key");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("meridian.storage.kind=s3 needs meridian.storage.s3." + String.join(", meridian.storage.s3.", missing));
        }
        String region = s3.region() == null || s3.region().isBlank() ? "us-east-1" : s3.region();
        String prefix = s3.prefix() == null ? "" : s3.prefix();
        return new S3Settings(s3.endpoint(), region, s3.accessKey(), s3.secretKey(), s3.bucket(), prefix, s3.pathStyle());
    }
}
