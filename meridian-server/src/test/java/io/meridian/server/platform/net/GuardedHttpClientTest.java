package io.meridian.server.platform.net;

import com.sun.net.httpserver.HttpServer;
import io.meridian.server.platform.net.GuardedHttpClient.RefusedAddressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A URL a user chose reaches only public addresses, and only the addresses that were checked: a host whose DNS answer
 * turns from public to internal between the check and the connection (rebinding) is refused, not connected to.
 */
class GuardedHttpClientTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startInternalServer()
            throws IOException
    {
        // stands for a service inside the platform's network (cloud metadata, an admin port)
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/secret", exchange -> {
            requests.incrementAndGet();
            byte[] body = "internal".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                }
            }
            catch (IOException e) {
                // the client hung up, as it should
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer()
    {
        server.stop(0);
    }

    @Test
    void aHostThatRebindsToAnInternalAddressAfterTheCheckIsNeverConnectedTo()
            throws IOException
    {
        AtomicInteger lookups = new AtomicInteger();
        // first answer public, every later answer loopback
        GuardedHttpClient.HostLookup rebinding = host -> new InetAddress[] {
                lookups.getAndIncrement() == 0 ? InetAddress.getByName("93.184.215.14") : InetAddress.getLoopbackAddress()};

        try (GuardedHttpClient client = new GuardedHttpClient(false, TIMEOUT, TIMEOUT, rebinding)) {
            assertThat(client.check("rebind.example")).isNotEmpty();

            assertThatThrownBy(() -> client.get(uri("rebind.example", "/secret"), Map.of(), (status, length, body) -> status))
                    .isInstanceOfSatisfying(RefusedAddressException.class, refused -> assertThat(refused.host()).isEqualTo("rebind.example"));
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void literalInternalAddressesAreRefusedToo()
            throws IOException
    {
        try (GuardedHttpClient client = new GuardedHttpClient(false, TIMEOUT, TIMEOUT)) {
            assertThatThrownBy(() -> client.get(uri("127.0.0.1", "/secret"), Map.of(), (status, length, body) -> status))
                    .isInstanceOf(RefusedAddressException.class);
            assertThatThrownBy(() -> client.check("169.254.169.254")).isInstanceOf(RefusedAddressException.class);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void theConnectionGoesToTheCheckedAddressNotToAFreshLookup()
            throws IOException
    {
        // "internal.invalid" exists in no DNS: reaching the server proves the checked answer was used to connect
        GuardedHttpClient.HostLookup fixed = host -> new InetAddress[] {InetAddress.getLoopbackAddress()};

        try (GuardedHttpClient client = new GuardedHttpClient(true, TIMEOUT, TIMEOUT, fixed)) {
            String body = client.get(uri("internal.invalid", "/secret"), Map.of(),
                    (status, length, answer) -> status + " " + new String(answer.readAllBytes(), StandardCharsets.UTF_8));

            assertThat(body).isEqualTo("200 internal");
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReaderThatStopsEarlyDoesNotWaitForAnEndlessAnswer()
            throws IOException
    {
        GuardedHttpClient.HostLookup fixed = host -> new InetAddress[] {InetAddress.getLoopbackAddress()};

        try (GuardedHttpClient client = new GuardedHttpClient(true, TIMEOUT, TIMEOUT, fixed)) {
            assertThatThrownBy(() -> client.get(uri("internal.invalid", "/endless"), Map.of(), (status, length, body) -> {
                body.readNBytes(1 << 20);
                throw new IOException("too large");
            })).hasMessage("too large");
        }
    }

    private URI uri(String host, String path)
    {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }
}
