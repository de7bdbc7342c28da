package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.resource.Backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cluster's connection as entered: a slurm cluster needs one (slurmrestd's http or https URL, the Slurm user jobs run
 * as, that user's JWT); other backends take none. Violations name the field ({@code connection.url}, …).
 */
final class ClusterConnectionRules
{
    static final int MAX_URL = 500;
    static final int MAX_TOKEN = 4000;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    // a JWT: printable ASCII without spaces
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

    private ClusterConnectionRules() {}

    /** The connection to store, if the backend takes one and every field holds; violations go to {@code rules}. */
    static Optional<ClusterConnection> check(FieldRules rules, Backend backend, ClusterService.NewConnection connection)
    {
        if (backend != Backend.SLURM) {
            rules.rule(connection == null, "connection", "resource.cluster.connection.not-applicable", backend == null ? "" : backend.id());
            return Optional.empty();
        }
        if (connection == null) {
            rules.violate("connection", "resource.cluster.connection.required");
            return Optional.empty();
        }
        rules.required("connection.url", connection.url())
                .required("connection.user", connection.user())
                .required("connection.token", connection.token());
        if (connection.url() != null && !connection.url().isBlank()) {
            rules.rule(connection.url().length() <= MAX_URL, "connection.url", "validation.max-length", MAX_URL);
            url(connection.url()).ifPresent(code -> rules.violate("connection.url", code));
        }
        rules.matches("connection.user", blankToNull(connection.user()), USER, "resource.cluster.connection.user");
        if (connection.token() != null && !connection.token().isBlank()) {
            rules.rule(connection.token().length() <= MAX_TOKEN, "connection.token", "validation.max-length", MAX_TOKEN);
            rules.matches("connection.token", connection.token(), TOKEN, "resource.cluster.connection.token");
        }
        if (rules.hasViolation("connection.url") || rules.hasViolation("connection.user") || rules.hasViolation("connection.token")) {
            return Optional.empty();
        }
        return Optional.of(new ClusterConnection(connection.url().replaceAll("/+$", ""), connection.user(), connection.token()));
    }

    /** The message key of what is wrong with slurmrestd's URL, if anything. */
    static Optional<String> url(String url)
    {
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException e) {
            return Optional.of("resource.cluster.connection.url");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("resource.cluster.connection.url-scheme");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("resource.cluster.connection.url");
        }
        return Optional.empty();
    }

    private static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value;
    }
}
