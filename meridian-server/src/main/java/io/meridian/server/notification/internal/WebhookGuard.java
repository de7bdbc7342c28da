package io.meridian.server.notification.internal;

import io.meridian.server.platform.net.PublicAddresses;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps user-chosen webhook URLs from reaching into the platform's own network (SSRF): only http and https, no
 * credentials in the URL, and, unless {@code meridian.notification.allow-private-webhooks} is set, no host that
 * resolves to a loopback, link-local (cloud metadata at 169.254.169.254), private, shared (100.64/10), unique-local,
 * multicast, broadcast or unspecified address. Saving settings checks the URL's form and literal addresses; every
 * delivery resolves the host again, because DNS answers change.
 */
final class WebhookGuard
{
    static final int MAX_URL_LENGTH = 2048;
    private static final Pattern IPV4_LITERAL = Pattern.compile("^[0-9.]+$");

    private final boolean allowPrivate;

    WebhookGuard(boolean allowPrivate)
    {
        this.allowPrivate = allowPrivate;
    }

    /** The message key of what is wrong with a URL a user wants to save, without looking up its host. */
    Optional<String> formProblem(String url)
    {
        Optional<URI> uri = parse(url);
        if (uri.isEmpty()) {
            return Optional.of("notification.webhook.invalid");
        }
        String scheme = uri.get().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("notification.webhook.scheme");
        }
        if (uri.get().getHost() == null || uri.get().getRawUserInfo() != null) {
            return Optional.of("notification.webhook.invalid");
        }
        String host = uri.get().getHost();
        if (!allowPrivate && isLiteralOrLocalhost(host)) {
            try {
                if (!allowed(InetAddress.getAllByName(host))) {
                    return Optional.of("notification.webhook.private");
                }
            }
            catch (UnknownHostException e) {
                return Optional.of("notification.webhook.invalid");
            }
        }
        return Optional.empty();
    }

    /** The URL to post to, once its host resolves to allowed addresses only; otherwise a permanent failure. */
    URI requireDeliverable(String url)
    {
        Optional<String> problem = formProblem(url);
        if (problem.isPresent()) {
            throw new DeliveryFailure("The webhook URL is not allowed (" + problem.get() + ")", true);
        }
        URI uri = parse(url).orElseThrow();
        if (allowPrivate) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        }
        catch (UnknownHostException e) {
            // DNS may recover: retry later
            throw new DeliveryFailure("Cannot resolve " + uri.getHost(), false);
        }
        if (!allowed(addresses)) {
            throw new DeliveryFailure("Refused: " + uri.getHost() + " resolves to a loopback, link-local, private or multicast address", true);
        }
        return uri;
    }

    boolean allowed(InetAddress... addresses)
    {
        if (allowPrivate) {
            return true;
        }
        return addresses.length > 0 && List.of(addresses).stream().allMatch(WebhookGuard::isPublic);
    }

    static boolean isPublic(InetAddress address)
    {
        return PublicAddresses.isPublic(address);
    }

    private static boolean isLiteralOrLocalhost(String host)
    {
        String lower = host.toLowerCase(Locale.ROOT);
        return host.startsWith("[") || IPV4_LITERAL.matcher(host).matches() || lower.equals("localhost") || lower.endsWith(".localhost");
    }

    private static Optional<URI> parse(String url)
    {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.trim());
            return uri.isAbsolute() && !uri.isOpaque() ? Optional.of(uri) : Optional.empty();
        }
        catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
