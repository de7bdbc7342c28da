package io.meridian.executor.slurm;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/**
 * How to reach a Slurm cluster's slurmrestd: its base URL (such as {@code http://127.0.0.1:6820}), the user
 * jobs are submitted as, and that user's JWT ({@code scontrol token}). Whoever stores the token keeps it encrypted;
 * this record only carries it, and never prints it.
 */
public record SlurmConnection(URI url, String user, String token)
{
    public SlurmConnection
    {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(token, "token is null");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("slurmrestd URL must be http or https: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("slurmrestd URL has no host: " + url);
        }
        if (user.isBlank() || !user.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Slurm user name must be a plain user name: " + user);
        }
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("Slurm token must be a non-empty JWT of printable characters");
        }
    }

    public static SlurmConnection of(String url, String user, String token)
    {
        return new SlurmConnection(URI.create(requireNonNull(url, "url is null").replaceAll("/+$", "")), user, token);
    }

    @Override
    public String toString()
    {
        return "SlurmConnection[url=" + url + ", user=" + user + ", token=***]";
    }
}
