package io.meridian.server.platform.net;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The one HTTP client for URLs that users choose (webhooks, dataset imports by link). It resolves a host once, refuses
 * the answer unless every address is public ({@link PublicAddresses}) or private addresses are allowed, and connects
 * to exactly the addresses it checked: a host cannot answer the check with a public address and the connection with an
 * internal one (DNS rebinding). Plain HTTP/1.1; no proxy, because a proxy would resolve the name again on our behalf;
 * no redirects, because each hop would need the same check; no automatic retries or decompression, so size caps count
 * the bytes that arrive.
 */
public final class GuardedHttpClient
        implements AutoCloseable
{
    private final boolean allowPrivate;
    private final HostLookup lookup;
    private final CloseableHttpClient client;

    public GuardedHttpClient(boolean allowPrivate, Duration connectTimeout, Duration readTimeout)
    {
        this(allowPrivate, connectTimeout, readTimeout, InetAddress::getAllByName);
    }

    public GuardedHttpClient(boolean allowPrivate, Duration connectTimeout, Duration readTimeout, HostLookup lookup)
    {
        this.allowPrivate = allowPrivate;
        this.lookup = requireNonNull(lookup, "lookup is null");
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(readTimeout))
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckingResolver())
                        .setDefaultConnectionConfig(connections)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).setRedirectsEnabled(false).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .build();
    }

    /**
     * The host's addresses, once all of them are allowed: what a form checks before it accepts a URL. The connection
     * itself checks again, through the same rule.
     */
    public List<InetAddress> check(String host)
            throws UnknownHostException, RefusedAddressException
    {
        return List.of(resolveAllowed(host));
    }

    /** Sends a GET and hands the answer to {@code reader} while the connection is open. */
    public <T> T get(URI uri, Map<String, String> headers, ResponseReader<T> reader)
            throws IOException
    {
        return execute(new HttpUriRequestBase("GET", uri), headers, reader);
    }

    /** Sends a POST of {@code body} with {@code contentType} and hands the answer to {@code reader}. */
    public <T> T post(URI uri, Map<String, String> headers, String contentType, byte[] body, ResponseReader<T> reader)
            throws IOException
    {
        HttpUriRequestBase request = new HttpUriRequestBase("POST", uri);
        request.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        return execute(request, headers, reader);
    }

    private <T> T execute(HttpUriRequestBase request, Map<String, String> headers, ResponseReader<T> reader)
            throws IOException
    {
        headers.forEach(request::setHeader);
        ClassicHttpResponse response = client.executeOpen(null, request, null);
        HttpEntity entity = response.getEntity();
        InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent();
        try {
            long length = entity == null ? -1 : entity.getContentLength();
            return reader.read(response.getCode(), length < 0 ? OptionalLong.empty() : OptionalLong.of(length), body);
        }
        finally {
            drop(response, body);
        }
    }

    /**
     * Ends an exchange without reading what is left of the body (closing would read it to the end): a reader that stops
     * at a size cap, or does not read at all, must not wait for an endless answer.
     */
    private static void drop(ClassicHttpResponse response, InputStream body)
    {
        try {
            if (body instanceof EofSensorInputStream sensor) {
                sensor.abort();
            }
            response.close();
        }
        catch (IOException e) {
            // the connection is already gone, which is all that closing had to achieve
        }
    }

    private InetAddress[] resolveAllowed(String host)
            throws UnknownHostException, RefusedAddressException
    {
        InetAddress[] addresses = lookup.lookup(host);
        if (!allowPrivate && (addresses.length == 0 || !List.of(addresses).stream().allMatch(PublicAddresses::isPublic))) {
            throw new RefusedAddressException(host);
        }
        return addresses;
    }

    @Override
    public void close()
            throws IOException
    {
        client.close();
    }

    /** Name resolution; the system resolver in production, a fixed answer in tests. */
    @FunctionalInterface
    public interface HostLookup
    {
        InetAddress[] lookup(String host)
                throws UnknownHostException;
    }

    /** Reads an answer: its status, its declared length when there is one, and its body. */
    @FunctionalInterface
    public interface ResponseReader<T>
    {
        T read(int status, OptionalLong contentLength, InputStream body)
                throws IOException;
    }

    /** The host resolved to an address that is not public, and private addresses are not allowed. */
    public static final class RefusedAddressException
            extends UnknownHostException
    {
        private final String host;

        RefusedAddressException(String host)
        {
            super(host + " resolves to a loopback, link-local, private or otherwise non-public address");
            this.host = host;
        }

        public String host()
        {
            return host;
        }
    }

    /** The resolver the connection manager connects through: every address it returns has passed the check. */
    private final class CheckingResolver
            implements DnsResolver
    {
        @Override
        public InetAddress[] resolve(String host)
                throws UnknownHostException
        {
            return resolveAllowed(host);
        }

        @Override
        public String resolveCanonicalHostname(String host)
        {
            return host;
        }
    }
}
