package io.meridian.server.dataset.internal;

import io.meridian.server.platform.net.PublicAddresses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Downloads the archive behind a share link (通过分享链接导入), off the request thread. Only http and https; a host that
 * resolves to a loopback, link-local, private or otherwise non-public address is refused unless
 * {@code meridian.datasets.allow-private-urls} is set; redirects are not followed (each would need the same check);
 * the download stops at the size cap and the time limit.
 */
@Component
class UrlFetcher
{
    private final boolean allowPrivate;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient client;

    UrlFetcher(@Value("${meridian.datasets.allow-private-urls:false}") boolean allowPrivate,
            @Value("${meridian.datasets.url-max-bytes:4294967296}") long maxBytes,
            @Value("${meridian.datasets.url-timeout:PT10M}") Duration timeout)
    {
        this.allowPrivate = allowPrivate;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
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
        if (!allowPrivate) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(uri.getHost());
            }
            catch (UnknownHostException e) {
                throw new ImportFailure("dataset.url.unresolved", uri.getHost());
            }
            if (!List.of(addresses).stream().allMatch(PublicAddresses::isPublic)) {
                throw new ImportFailure("dataset.url.private", uri.getHost());
            }
        }
        return uri;
    }

    /** Downloads into {@code target}; the host is checked again, as DNS answers change. */
    void download(String url, Path target)
            throws IOException
    {
        URI uri = check(url);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportFailure("dataset.url.failed", "interrupted");
        }
        catch (IOException e) {
            throw new ImportFailure("dataset.url.failed", String.valueOf(e.getMessage()));
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new ImportFailure("dataset.url.status", response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
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
    }
}
