package io.meridian.server.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The OpenAPI document ({@code /api/docs}, Swagger UI at {@code /api/docs/ui}): titled, its operations grouped by
 * feature (a tag per feature, from the controller's package) and each summarised, and the two ways to authenticate
 * declared, so that Swagger UI's "Try it out" works after Authorize with a session token.
 * <p>
 * A summary is the operation's entry in {@code openapi/summaries.properties} ({@code POST /api/v1/auth/login}) when it
 * has one, otherwise it is made from the method and the path in the API's nouns: {@code GET /api/v1/training-tasks}
 * lists training tasks, {@code POST /api/v1/nodes/{id}/cordon} cordons a node.
 */
@Configuration
class OpenApiConfig
{
    static final String BEARER = "bearer";
    static final String ACCESS_KEY = "accessKey";
    private static final String API_PREFIX = "/api/v1/";

    /** The features' tags, in the order of the map in docs/architecture.md, each with what it covers. */
    static final Map<String, Tag> FEATURE_TAGS = featureTags();

    // a path's last segment that names an action on the object before it, not a collection
    private static final Set<String> ACTIONS = Set.of("stop", "start", "cordon", "uncordon", "bind", "unbind", "adopt", "copy", "respec", "login", "logout",
            "heartbeat", "prioritize", "batch", "resolution", "associate", "dissociate", "grant", "revoke", "test", "retry", "enable", "disable", "download", "restart");

    private static final Map<String, String> NOUNS = Map.ofEntries(
            Map.entry("quotas", "resource quota"),
            Map.entry("settings", "settings"),
            Map.entry("me", "own account"),
            Map.entry("auth", "session"),
            Map.entry("monitoring", "monitoring"),
            Map.entry("overview", "overview"),
            Map.entry("scheduling", "scheduling center"),
            Map.entry("series", "metric series"),
            Map.entry("logs", "logs"),
            Map.entry("metrics", "metrics"),
            Map.entry("resources", "resources"),
            Map.entry("features", "features"),
            Map.entry("labels", "labels"),
            Map.entry("taints", "taints"));

    @Bean
    OpenAPI meridianOpenApi()
    {
        return new OpenAPI()
                .info(new Info()
                        .title("Meridian API")
                        .version("v1")
                        .description("""
                                Meridian, an open AI compute platform: workspaces, regions, clusters and nodes, queues and resource quotas, \
                                training tasks and jobs, scheduling, monitoring, alerts and the audit log. \
                                Lists take page, size and sort=field,asc|desc; refusals are RFC 9457 problem details with a stable code, \
                                messages in the Accept-Language (zh-CN or en). \
                                To try an operation here: POST /api/v1/auth/login with your user name and password, then Authorize with \
                                the token it returns (bearer). Scripts sign each request with an access key instead (accessKey)."""))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("A session token: the token of POST /api/v1/auth/login (the console and the CLI use these)."))
                        .addSecuritySchemes(ACCESS_KEY, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("Authorization")
                                .description("""
                                        An access key's signature, per request (scripts; Swagger UI cannot compute it): \
                                        Authorization: MERIDIAN-HMAC-SHA256 Credential=<AK>, Timestamp=<epoch seconds>, Nonce=<new per request>, \
                                        Signature=<hex HMAC-SHA256 with the secret key over METHOD, path with query, timestamp, nonce and \
                                        hex(sha256(body)), joined by newlines>. The timestamp must be within 5 minutes of the server's clock and \
                                        a nonce is good once (docs/api.md). Create keys under /api/v1/access-keys.""")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(ACCESS_KEY))
                .tags(new ArrayList<>(FEATURE_TAGS.values()));
    }

    /** Each operation under its feature's tag, not its controller's name. */
    @Bean
    OperationCustomizer featureTagsByPackage()
    {
        return (operation, handler) -> {
            String feature = feature(handler.getBeanType().getPackageName());
            Tag tag = FEATURE_TAGS.get(feature);
            operation.setTags(new ArrayList<>(List.of(tag == null ? feature : tag.getName())));
            return operation;
        };
    }

    /** A summary for every operation; the one open operation (login) needs no credentials. */
    @Bean
    OpenApiCustomizer summaries()
    {
        Properties explicit = explicitSummaries();
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                    String key = method.name() + " " + path;
                    operation.setSummary(explicit.getProperty(key, summary(method, path)));
                }
                if (path.equals("/api/v1/auth/login")) {
                    operation.setSecurity(List.of());
                }
            }));
            // tags no operation uses (a feature without an API) would be empty groups
            Set<String> used = new HashSet<>();
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> used.addAll(operation.getTags() == null ? List.of() : operation.getTags())));
            openApi.setTags(openApi.getTags() == null ? null : openApi.getTags().stream().filter(tag -> used.contains(tag.getName())).toList());
        };
    }

    /** {@code io.meridian.server.training.internal} → {@code training}. */
    static String feature(String packageName)
    {
        String rest = packageName.startsWith("io.meridian.server.") ? packageName.substring("io.meridian.server.".length()) : packageName;
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** An operation's summary made from its method and path, in the API's nouns. */
    static String summary(PathItem.HttpMethod method, String path)
    {
        String rest = path.startsWith(API_PREFIX) ? path.substring(API_PREFIX.length()) : path;
        List<String> segments = Arrays.stream(rest.split("/")).filter(segment -> !segment.isEmpty()).toList();
        String last = segments.getLast();
        boolean endsWithId = isVariable(last);
        List<String> literals = segments.stream().filter(segment -> !isVariable(segment)).toList();
        String noun = literals.getLast();
        // the object the last literal belongs to: the literal before it, when an id sits between them
        int nounIndex = segments.lastIndexOf(noun);
        String owner = nounIndex >= 2 && isVariable(segments.get(nounIndex - 1)) ? segments.get(nounIndex - 2) : null;
        String of = owner == null ? "" : " of " + article(singular(owner));
        if (endsWithId) {
            String one = article(singular(noun));
            return switch (method) {
                case GET -> "Get " + one + of;
                case PUT, PATCH -> "Update " + one + of;
                case DELETE -> (owner == null ? "Delete " : "Remove ") + one + of;
                default -> capitalize(method.name().toLowerCase(Locale.ROOT)) + " " + one + of;
            };
        }
        if (ACTIONS.contains(noun)) {
            String target = owner != null ? article(singular(owner)) : literals.size() >= 2 ? plural(literals.get(literals.size() - 2)) : "";
            return (capitalize(words(noun)) + " " + target).trim();
        }
        if (owner == null && literals.size() >= 2 && !isVariable(segments.get(nounIndex - 1))) {
            // a collection under a collection: /settings/user-limits, /scheduling/workloads
            return verbOnCollection(method, noun) + " (" + plural(literals.get(literals.size() - 2)) + ")";
        }
        return verbOnCollection(method, noun) + of;
    }

    private static String verbOnCollection(PathItem.HttpMethod method, String noun)
    {
        boolean plural = !singular(noun).equals(plural(noun));
        return switch (method) {
            case GET -> plural ? "List " + plural(noun) : "Get the " + plural(noun);
            case POST -> plural ? "Create " + article(singular(noun)) : "Post to the " + plural(noun);
            case PUT, PATCH -> plural ? "Replace the " + plural(noun) : "Update the " + plural(noun);
            case DELETE -> plural ? "Remove the " + plural(noun) : "Remove the " + plural(noun);
            default -> capitalize(method.name().toLowerCase(Locale.ROOT)) + " " + plural(noun);
        };
    }

    private static boolean isVariable(String segment)
    {
        return segment.startsWith("{");
    }

    /** {@code training-tasks} → {@code training tasks}. */
    private static String plural(String segment)
    {
        String noun = NOUNS.get(segment);
        if (noun != null && (noun.endsWith("s") || !segment.endsWith("s"))) {
            return noun;
        }
        if (noun != null) {
            return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        }
        return words(segment);
    }

    /** {@code training-tasks} → {@code training task}. */
    private static String singular(String segment)
    {
        String noun = NOUNS.get(segment);
        if (noun != null) {
            return noun;
        }
        String words = words(segment);
        if (words.endsWith("ies")) {
            return words.substring(0, words.length() - 3) + "y";
        }
        if (words.endsWith("s") && !words.endsWith("ss")) {
            return words.substring(0, words.length() - 1);
        }
        return words;
    }

    private static String article(String noun)
    {
        if (noun.endsWith("s") || noun.equals("overview") || noun.equals("monitoring") || noun.equals("own account") || noun.equals("session")) {
            return "the " + noun;
        }
        // "a user", "a unit": a u that sounds like "you"
        boolean vowelSound = "aeiou".indexOf(noun.charAt(0)) >= 0 && !noun.startsWith("us") && !noun.startsWith("un");
        return (vowelSound ? "an " : "a ") + noun;
    }

    private static String words(String segment)
    {
        return segment.replace('-', ' ');
    }

    private static String capitalize(String text)
    {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Properties explicitSummaries()
    {
        Properties properties = new Properties();
        try (InputStream in = new ClassPathResource("openapi/summaries.properties").getInputStream()) {
            properties.load(new InputStreamReader(in, UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static Map<String, Tag> featureTags()
    {
        Map<String, Tag> tags = new LinkedHashMap<>();
        tag(tags, "iam", "IAM", "Sign-in, tenants, users, user groups, policies and access keys");
        tag(tags, "workspace", "Workspaces", "Workspaces and their members");
        tag(tags, "resource", "Resources", "Regions, clusters, device models, node specs, flavors and nodes");
        tag(tags, "quota", "Queues and resource quotas", "Queues, resource quotas and what each workspace may use");
        tag(tags, "settings", "Settings", "Tenant settings, per-user and per-tenant limits");
        tag(tags, "scheduling", "Scheduling", "The scheduling center: workloads, where they stand, priorities, the resource overview");
        tag(tags, "training", "Training", "Training tasks, their runs (timeline, logs, metrics) and code packages");
        tag(tags, "job", "Jobs", "Plain jobs: a command on N instances");
        tag(tags, "dataset", "Datasets", "My datasets: annotated and basic datasets, their imports, annotation, publishing and sharing");
        tag(tags, "cleaning", "Data cleaning", "Data-cleaning tasks: operators, run records, logs per node and the operator preview");
        tag(tags, "environment", "Images", "Preset images and the Python environments they select");
        tag(tags, "image", "My images", "Custom images, registry shares with their deadline, images shared by others, and the image choices of forms");
        tag(tags, "notification", "Alerts", "Alert settings and deliveries");
        tag(tags, "monitoring", "Monitoring", "Metric series of instances and nodes");
        tag(tags, "overview", "Overview", "What runs, what waits, how busy the cards are");
        tag(tags, "audit", "Audit", "The audit log");
        return tags;
    }

    private static void tag(Map<String, Tag> tags, String feature, String name, String description)
    {
        tags.put(feature, new Tag().name(name).description(description));
    }
}
