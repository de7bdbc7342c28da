package io.meridian.executor.slurm;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static java.util.Objects.requireNonNull;

/**
 * The few calls of slurmrestd's OpenAPI v0.0.38 the slurm backend makes, authenticated with the user's JWT.
 */
final class SlurmRestClient
{
    static final String API = "/slurm/v0.0.38";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final SlurmConnection connection;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    SlurmRestClient(SlurmConnection connection)
    {
        this.connection = requireNonNull(connection, "connection is null");
        // slurmrestd speaks HTTP/1.1 only, and answers an offer to upgrade to HTTP/2 with a reply the JDK cannot parse
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    ObjectNode newObject()
    {
        return json.createObjectNode();
    }

    /** Submits a batch job; returns its id. */
    long submit(ObjectNode request)
    {
        JsonNode reply = call("POST", "/job/submit", json.writeValueAsString(request), "submit a job");
        long id = reply.path("job_id").asLong(0);
        if (id <= 0) {
            throw new SlurmException(SlurmException.Kind.REFUSED, "slurmrestd at %s accepted a job but returned no job id".formatted(connection.url()));
        }
        return id;
    }

    /** Every job slurmctld still knows, in one call. */
    List<SlurmJob> jobs()
    {
        List<SlurmJob> jobs = new ArrayList<>();
        for (JsonNode job : call("GET", "/jobs", null, "list jobs").path("jobs")) {
            jobs.add(new SlurmJob(
                    job.path("job_id").asLong(),
                    job.path("name").asString(""),
                    job.path("job_state").asString(""),
                    job.path("nodes").asString(""),
                    job.path("state_reason").asString(""),
                    job.path("comment").asString("")));
        }
        return jobs;
    }

    /** Cancels a whole job (v0.0.38 addresses jobs, not steps); a job that already ended is no error. */
    void cancel(long jobId)
    {
        try {
            call("DELETE", "/job/" + jobId, null, "cancel job " + jobId);
        }
        catch (SlurmException e) {
            if (e.kind() != SlurmException.Kind.REFUSED || !isGone(jobId)) {
                throw e;
            }
        }
    }

    private boolean isGone(long jobId)
    {
        return jobs().stream().noneMatch(job -> job.id() == jobId && job.isActive());
    }

    List<SlurmNode> nodes()
    {
        List<SlurmNode> nodes = new ArrayList<>();
        for (JsonNode node : call("GET", "/nodes", null, "list nodes").path("nodes")) {
            String state = node.path("state").asString("");
            List<String> flags = strings(node.path("state_flags"));
            String features = node.path("active_features").asString(node.path("features").asString(""));
            String name = node.path("name").asString();
            nodes.add(new SlurmNode(
                    name,
                    node.path("address").asString(name),
                    node.path("cpus").asInt(0),
                    node.path("real_memory").asLong(0),
                    SlurmNode.gpus(node.path("gres").asString("")),
                    features.isBlank() ? List.of() : List.of(features.split(",")),
                    SlurmNode.readiness(state, flags),
                    flags.isEmpty() ? state : state + "+" + String.join("+", flags),
                    node.path("reason").asString("")));
        }
        return nodes;
    }

    private static List<String> strings(JsonNode array)
    {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private JsonNode call(String method, String path, String body, String what)
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create(connection.url() + API + path))
                .timeout(REQUEST_TIMEOUT)
                .header("X-SLURM-USER-NAME", connection.user())
                .header("X-SLURM-USER-TOKEN", connection.token())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (ConnectException | HttpConnectTimeoutException e) {
            throw new SlurmException(SlurmException.Kind.UNREACHABLE, "slurmrestd at %s is unreachable (%s): cannot %s".formatted(connection.url(), describe(e), what), e);
        }
        catch (HttpTimeoutException e) {
            throw new SlurmException(SlurmException.Kind.UNREACHABLE, "slurmrestd at %s did not answer within %ss: cannot %s".formatted(connection.url(), REQUEST_TIMEOUT.toSeconds(), what), e);
        }
        catch (IOException e) {
            throw new SlurmException(SlurmException.Kind.UNREACHABLE, "slurmrestd at %s is unreachable (%s): cannot %s".formatted(connection.url(), describe(e), what), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException(SlurmException.Kind.UNREACHABLE, "interrupted while waiting for slurmrestd at " + connection.url(), e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new SlurmException(SlurmException.Kind.UNAUTHORIZED, "slurmrestd at %s refused user %s and its token (HTTP %d): cannot %s"
                    .formatted(connection.url(), connection.user(), response.statusCode(), what));
        }
        JsonNode reply;
        try {
            reply = json.readTree(response.body());
        }
        catch (JacksonException e) {
            throw new SlurmException(SlurmException.Kind.REFUSED, "slurmrestd at %s answered HTTP %d with no JSON: cannot %s"
                    .formatted(connection.url(), response.statusCode(), what), e);
        }
        List<JsonNode> errors = StreamSupport.stream(reply.path("errors").spliterator(), false).toList();
        if (response.statusCode() / 100 == 2 && errors.isEmpty()) {
            return reply;
        }
        String described = errors.stream()
                .map(error -> (error.path("error").asString("") + " " + error.path("description").asString("")).strip())
                .collect(Collectors.joining("; "));
        if (!errors.isEmpty() && errors.stream().allMatch(SlurmRestClient::isUnspecified)) {
            // slurmrestd 22.05 answers a token slurmctld rejects (wrong, expired, another cluster's key) with nothing more
            throw new SlurmException(SlurmException.Kind.UNAUTHORIZED, ("slurmrestd at %s could not %s: \"%s\", which is how Slurm 22.05 answers a token it "
                    + "rejects: check the token of user %s (scontrol token username=%s)").formatted(connection.url(), what, described, connection.user(), connection.user()));
        }
        throw new SlurmException(SlurmException.Kind.REFUSED, "slurmrestd at %s could not %s (HTTP %d): %s"
                .formatted(connection.url(), what, response.statusCode(), described.isEmpty() ? "no reason given" : described));
    }

    private static boolean isUnspecified(JsonNode error)
    {
        return error.path("error").asString("").equals("Unspecified error")
                && (error.path("error_number").asInt(0) == -1 || error.path("errno").asInt(0) == -1);
    }

    private static String describe(Exception e)
    {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
