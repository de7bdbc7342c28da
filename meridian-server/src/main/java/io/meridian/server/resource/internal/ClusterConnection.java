package io.meridian.server.resource.internal;

import io.meridian.executor.slurm.SlurmConnection;

import static java.util.Objects.requireNonNull;

/** How the server reaches a cluster's backend: its URL, the user work runs as, and that user's token (never shown). */
record ClusterConnection(String url, String user, String token)
{
    ClusterConnection
    {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(token, "token is null");
    }

    SlurmConnection slurm()
    {
        return SlurmConnection.of(url, user, token);
    }

    @Override
    public String toString()
    {
        return "ClusterConnection[url=" + url + ", user=" + user + ", token=***]";
    }
}
