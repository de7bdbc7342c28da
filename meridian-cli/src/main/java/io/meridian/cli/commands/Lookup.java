package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.http.ApiProblem;
import io.meridian.cli.http.Query;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An object the user names by ID or by name, wherever a command takes a workspace, queue, quota, cluster, region, node,
 * task, run or job: the object of that ID when there is one, else the one object of exactly that name among those the
 * user may see. Two of the same name are refused with their IDs, so the user can pick.
 *
 * @param collection the API's collection, {@code /workspaces}
 * @param noun the object as the messages name it, {@code workspace}
 * @param command the command that lists them, {@code workspaces}, for the hint
 */
record Lookup(String collection, String noun, String command)
{
    static final Lookup WORKSPACE = new Lookup("/workspaces", "workspace", "workspaces");
    static final Lookup CLUSTER = new Lookup("/clusters", "cluster", "clusters");
    static final Lookup REGION = new Lookup("/regions", "region", "regions");
    static final Lookup TASK = new Lookup("/training-tasks", "training task", "runs");

    private static final int PAGE = 200;

    Lookup
    {
        requireNonNull(collection, "collection is null");
        requireNonNull(noun, "noun is null");
        requireNonNull(command, "command is null");
    }

    /** The object {@code wanted} names, by ID or by name. */
    JsonNode find(ApiClient api, String wanted)
    {
        String value = wanted.trim();
        if (value.isEmpty()) {
            throw CliException.usage("the " + noun + " ID is empty: give its ID or name");
        }
        try {
            return api.get(collection + "/" + ApiClient.segment(value));
        }
        catch (ApiProblem e) {
            // not an ID (or not one of this collection's): a name, then
            if (e.status() != 404 && e.status() != 400) {
                throw e;
            }
        }
        List<JsonNode> named = new ArrayList<>();
        for (JsonNode candidate : api.get(collection, Query.empty().add("q", value).add("size", PAGE)).path("items")) {
            if (candidate.path("name").asString("").equals(value)) {
                named.add(candidate);
            }
        }
        if (named.size() == 1) {
            return named.getFirst();
        }
        if (named.isEmpty()) {
            throw CliException.failure("no " + noun + " " + value + " (neither an ID nor a name); meridian " + command + " list shows them");
        }
        throw CliException.failure("several " + noun + "s are named " + value + ": " + String.join(", ", named.stream().map(found -> found.path("id").asString()).toList())
                + "; give the ID");
    }

    /** The ID of the object {@code wanted} names; null when nothing is wanted (an option not given). */
    String id(ApiClient api, String wanted)
    {
        return wanted == null ? null : find(api, wanted).path("id").asString();
    }
}
