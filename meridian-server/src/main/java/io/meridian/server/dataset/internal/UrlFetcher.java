package io.meridian.server.dataset.internal;

import io.meridian.server.platform.net.GuardedHttpClient;
import io.meridian.server.platform.net.GuardedHttpClient.RefusedAddressException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Downloads the archive behind a share link (通过分享链接导入), off the request thread. Only http and https; a host that
 * resolves to a loopback, link-local, private or otherwise non-public address is refused unless
 * {@code meridian.datasets.allow-private-urls} is set, and the download connects only to the addresses that passed
 * that check ({@link GuardedHttpClient}); redirects are not followed (each would need the same check); the download
 * stops at the size cap and the time limit.
 */
@Component
class UrlFetcher
        implements AutoCloseable
{
    private final long maxBytes;
    private final Duration timeout;
    private final GuardedHttpClient client;

    @Autowired
    UrlFetcher(@Value("${meridian.datasets.allow-private-urls:false}") boolean allowPrivate,
            @Value("${meridian.datasets.url-max-bytes:4294967296}") long maxBytes,
            @Value("${meridian.datasets.url-timeout:PT10M}") Duration timeout)
    {
        this(maxBytes, timeout, new GuardedHttpClient(allowPrivate, Duration.ofSeconds(10), timeout));
    }

    UrlFetcher(long maxBytes, Duration timeout, GuardedHttpClient client)
    {
        this.maxBytes = maxBytes;
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = requireNonNull(client, "client is null");
    }

    /** The URL, once its form and its host's addresses are allowed; otherwise a field error's code. */
    URI check(String url)
    {
        URI uri;
        try {
            uri = new URI(url.trim());
        }
        catch (URISyntaxException e) {
            throw new ImportFailure("dataset.url.invalid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new ImportFailure("dataset.url.invalid");
        }
        try {
            client.check(uri.getHost());
        }
        catch (RefusedAddressException e) {
            throw new ImportFailure("dataset.url.private", uri.getHost());
        }
        catch (UnknownHostException e) {
            throw new ImportFailure("dataset.url.unresolved", uri.getHost());
        }
        return uri;
    }

    /** Downloads into {@code target}; the connection checks the host's addresses again, as DNS answers change. */
    void download(String url, Path target)
            throws IOException
    {
        URI uri = check(url);
        try {
            client.get(uri, Map.of(), (status, length, body) -> {
                save(status, length, body, target);
                return null;
            });
        }
        catch (RefusedAddressException e) {
            throw new ImportFailure("dataset.url.private", uri.getHost());
        }
        catch (IOException e) {
            throw new ImportFailure("dataset.url.failed", String.valueOf(e.getMessage()));
        }
    }

    private void save(int status, OptionalLong declared, InputStream in, Path target)
            throws IOException
    {
        if (status != 200) {
            throw new ImportFailure("dataset.url.status", status);
        }
        if (declared.orElse(-1) > maxBytes) {
            throw new ImportFailure("dataset.url.too-large", maxBytes >> 20);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
                if (total > maxBytes) {
                    throw new ImportFailure("dataset.url.too-large", maxBytes >> 20);
                }
                if (System.nanoTime() > deadline) {
                    throw new ImportFailure("dataset.url.timeout", timeout.toSeconds());
                }
                out.write(buffer, 0, read);
            }
        }
    }

    @Override
    public void close()
            throws IOException
    {
        client.close();
    }
}
