package io.meridian.server.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import io.meridian.server.testing.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts end to end: the settings API, e-mail through a real SMTP server (GreenMail), webhooks to a real HTTP receiver
 * on loopback, retries, the outbox's transactional behaviour and who sees what.
 *
 * <p>This class runs its own server (the only test class that does): it needs an SMTP server, loopback webhooks
 * ({@code allow-private-webhooks}) and short retry delays, and its own database so that the shared test server's
 * dispatcher never picks up these messages.
 */
@ContextConfiguration(initializers = NotificationApiTest.OwnServer.class)
class NotificationApiTest
        extends ApiTestSupport
{
    private static final String PASSWORD = "Xx-Passw0rd";
    private static final Path HOME = createHome();
    private static final Map<String, String> DATABASE = TestDatabase.properties(HOME);
    private static final GreenMail SMTP = startSmtp();
    private static final Receiver RECEIVER = new Receiver();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private Notifier notifier;

    @Autowired
    private PlatformTransactionManager transactions;

    @Value("${spring.datasource.url}")
    private String databaseUrl;

    /**
     * This server's settings. An initializer rather than a {@code @DynamicPropertySource}: it runs after the base
     * class's dynamic properties and takes precedence over them, which a subclass's {@code @DynamicPropertySource}
     * does not (for the same key the base class's value wins).
     */
    static final class OwnServer
            implements ApplicationContextInitializer<ConfigurableApplicationContext>
    {
        @Override
        public void initialize(ConfigurableApplicationContext context)
        {
            Map<String, Object> properties = new LinkedHashMap<>(DATABASE);
            properties.put("meridian.home", HOME.toString());
            properties.put("spring.mail.host", "127.0.0.1");
            properties.put("spring.mail.port", SMTP.getSmtp().getPort());
            properties.put("meridian.notification.mail-from", "alerts@meridian.test");
            properties.put("meridian.notification.allow-private-webhooks", "true");
            properties.put("meridian.notification.dispatch-interval", "100ms");
            properties.put("meridian.notification.retry-delay", "100ms");
            properties.put("meridian.notification.max-retry-delay", "200ms");
            properties.put("meridian.notification.max-attempts", "4");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("notification-test", properties));
        }
    }

    @AfterAll
    static void stopServers()
    {
        SMTP.stop();
        RECEIVER.server.stop(0);
    }

    @Test
    void runsOnItsOwnDatabase()
    {
        // the test database's URL names the H2 settings by placeholder; what ran is that URL with them filled in
        String configured = DATABASE.get("spring.datasource.url");
        assertThat(databaseUrl).startsWith(configured.replace("${meridian.db.h2-settings}", ""));
    }

    @Test
    void everyEventIsOffUntilTheUserTurnsItOnAndEmailGoesToTheAccountAddress()
    {
        User user = newUser();

        ApiClient.Response settings = user.api().get("/api/v1/alert-settings");

        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        assertThat(settings.json().path("events").size()).isZero();
        assertThat(settings.json().path("emailEnabled").asBoolean()).isTrue();
        assertThat(settings.json().path("emailAddress").isNull()).isTrue();
        assertThat(settings.text("accountEmail")).isEqualTo(user.email());
        assertThat(settings.json().path("webhookEnabled").asBoolean()).isFalse();
        assertThat(settings.json().path("webhookSecretSet").asBoolean()).isFalse();
        assertThat(settings.json().path("version").asLong()).isZero();

        // nothing selected: an event writes no message at all
        String runId = unique("run-");
        notifier.notify(notification(user, AlertEvent.TASK_ABNORMAL, runId));
        assertThat(deliveriesOf(user, runId)).isEmpty();
    }

    @Test
    void invalidSettingsAreRefusedFieldByFieldInTheCallersLanguageAndChangeNothing()
    {
        User user = newUser();
        Map<String, Object> invalid = body("events", List.of("TASK_COMPLETED", "TASK_EXPLODED"), "emailEnabled", true, "emailAddress", "not-an-address",
                "webhookEnabled", true, "webhookUrl", "ftp://hooks.example.com/x", "version", 0);

        ApiClient.Response english = user.api().put("/api/v1/alert-settings", invalid);
        ApiClient.Response chinese = user.api().inLanguage("zh-CN").put("/api/v1/alert-settings", invalid);

        assertThat(english.status()).isEqualTo(400);
        assertThat(english.text("code")).isEqualTo("validation.failed");
        assertThat(english.fieldErrors()).containsExactlyInAnyOrder(
                "events:notification.event.unknown", "emailAddress:notification.email.invalid", "webhookUrl:notification.webhook.scheme");
        assertThat(messages(english)).containsExactlyInAnyOrder(
                "'TASK_EXPLODED' is not an alert event: use TASK_ABNORMAL, TASK_RESUMED_FROM_CHECKPOINT or TASK_COMPLETED.",
                "Enter an email address such as name@example.com.",
                "A webhook URL must start with http:// or https://.");
        assertThat(chinese.fieldErrors()).isEqualTo(english.fieldErrors());
        assertThat(messages(chinese)).containsExactlyInAnyOrder(
                "“TASK_EXPLODED”不是告警事件，请使用 TASK_ABNORMAL、TASK_RESUMED_FROM_CHECKPOINT 或 TASK_COMPLETED。",
                "请输入邮箱地址，例如 name@example.com。",
                "Webhook 地址须以 http:// 或 https:// 开头。");

        assertThat(user.api().put("/api/v1/alert-settings", body("events", List.of(), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", "https://hooks.example.com/" + "x".repeat(2048), "version", 0)).fieldErrors())
                .containsExactly("webhookUrl:validation.max-length");
        assertThat(user.api().put("/api/v1/alert-settings", body("events", List.of(), "emailEnabled", false, "webhookEnabled", true, "version", 0))
                .fieldErrors())
                .containsExactly("webhookUrl:validation.required");
        assertThat(user.api().put("/api/v1/alert-settings", body("events", List.of(), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", "https://someone:pw@hooks.example.com/x", "version", 0)).fieldErrors())
                .containsExactly("webhookUrl:notification.webhook.invalid");
        assertThat(user.api().put("/api/v1/alert-settings", body("webhookUrl", "https://hooks.example.com/x")).fieldErrors())
                .containsExactlyInAnyOrder("events:validation.required", "emailEnabled:validation.required", "webhookEnabled:validation.required",
                        "version:validation.required");

        assertThat(user.api().get("/api/v1/alert-settings").json().path("version").asLong()).isZero();
    }

    @Test
    void theWebhookSecretIsStoredEncryptedAndNeverShown()
    {
        User user = newUser();
        String secret = "s3cret-" + unique("k");

        ApiClient.Response saved = user.api().put("/api/v1/alert-settings", body("events", List.of("TASK_COMPLETED", "TASK_ABNORMAL"),
                "emailEnabled", false, "webhookEnabled", true, "webhookUrl", "https://hooks.example.com/meridian", "webhookSecret", secret, "version", 0));

        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().path("events").toString()).isEqualTo("[\"TASK_ABNORMAL\",\"TASK_COMPLETED\"]");
        assertThat(saved.json().path("webhookSecretSet").asBoolean()).isTrue();
        assertThat(saved.json().path("version").asLong()).isEqualTo(1);
        assertThat(saved.raw()).doesNotContain(secret);
        assertThat(user.api().get("/api/v1/alert-settings").raw()).doesNotContain(secret);
        String stored = jdbc.sql("SELECT webhook_secret FROM alert_settings WHERE user_id = ?").param(user.id()).query(String.class).single();
        assertThat(stored).isNotBlank().doesNotContain(secret);

        // leaving the secret out keeps it; an empty secret removes it
        ApiClient.Response kept = user.api().put("/api/v1/alert-settings", body("events", List.of(), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", "https://hooks.example.com/other", "version", 1));
        assertThat(kept.json().path("webhookSecretSet").asBoolean()).isTrue();
        ApiClient.Response removed = user.api().put("/api/v1/alert-settings", body("events", List.of(), "emailEnabled", false, "webhookEnabled", false,
                "webhookSecret", "", "version", 2));
        assertThat(removed.json().path("webhookSecretSet").asBoolean()).isFalse();
        assertThat(removed.json().path("webhookUrl").isNull()).isTrue();
    }

    @Test
    void aChangeBasedOnAnOldVersionIsRefused()
    {
        User user = newUser();
        Map<String, Object> change = body("events", List.of("TASK_COMPLETED"), "emailEnabled", true, "webhookEnabled", false, "version", 0);
        assertThat(user.api().put("/api/v1/alert-settings", change).status()).isEqualTo(200);

        ApiClient.Response stale = user.api().put("/api/v1/alert-settings", change);

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("code")).isEqualTo("conflict.version");
    }

    @Test
    void anAlertEmailArrivesOverSmtpInChineseAndEnglish()
            throws MessagingException
    {
        User user = newUser();
        saveSettings(user, body("events", List.of("TASK_COMPLETED"), "emailEnabled", true, "webhookEnabled", false, "version", 0));
        String runId = unique("run-");
        Instant time = Instant.parse("2026-03-04T05:06:07Z");

        notifier.notify(new Notification(user.tenantId(), user.id(), AlertEvent.TASK_COMPLETED, "training-run", runId, "bert-finetune-" + runId,
                orderedDetails("status", "SUCCEEDED", "duration", "1h 2m"), time));

        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(user.email()), found -> found != null);
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@meridian.test");
        assertThat(mail.getSubject()).isEqualTo("[Meridian] 任务运行完成 / Task completed: bert-finetune-" + runId);
        String text = mailText(mail);
        assertThat(text)
                .contains("任务运行完成：训练任务运行记录“bert-finetune-" + runId + "”（ID " + runId + "），时间 2026-03-04T05:06:07Z（UTC）。")
                .contains("Task completed: training run 'bert-finetune-" + runId + "' (ID " + runId + "), at 2026-03-04T05:06:07Z (UTC).")
                .contains("status: SUCCEEDED")
                .contains("duration: 1h 2m");
        assertThat(text.indexOf("status: SUCCEEDED")).isLessThan(text.indexOf("duration: 1h 2m"));

        JsonNode delivery = awaitStatus(user, runId, "SENT");
        assertThat(delivery.path("channel").asString()).isEqualTo("EMAIL");
        assertThat(delivery.path("target").asString()).isEqualTo(user.email());
        assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.path("sentAt").isNull()).isFalse();
    }

    @Test
    void alertsGoToTheChosenAddressInsteadOfTheAccountOne()
    {
        User user = newUser();
        String chosen = unique("oncall") + "@team.example.com";
        saveSettings(user, body("events", List.of("TASK_ABNORMAL"), "emailEnabled", true, "emailAddress", chosen, "webhookEnabled", false, "version", 0));
        String runId = unique("run-");

        notifier.notify(notification(user, AlertEvent.TASK_ABNORMAL, runId));

        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(chosen), found -> found != null);
        assertThat(awaitStatus(user, runId, "SENT").path("target").asString()).isEqualTo(chosen);
        assertThat(mailTo(user.email())).isNull();
    }

    @Test
    void aWebhookReceivesTheEventSignedWithTheUsersSecret()
    {
        User user = newUser();
        String secret = "hook-" + unique("s");
        String path = "/" + unique("signed");
        saveSettings(user, body("events", List.of("TASK_RESUMED_FROM_CHECKPOINT"), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", RECEIVER.url(path), "webhookSecret", secret, "version", 0));
        String runId = unique("run-");

        notifier.notify(new Notification(user.tenantId(), user.id(), AlertEvent.TASK_RESUMED_FROM_CHECKPOINT, "training-run", runId, "llama-" + runId,
                orderedDetails("checkpoint", "/work/home/ckpt-200"), Instant.parse("2026-05-06T07:08:09Z")));

        Receiver.Request request = await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.received(path), list -> !list.isEmpty()).getFirst();
        assertThat(request.headers().get("content-type")).isEqualTo("application/json");
        assertThat(request.headers().get("x-meridian-event")).isEqualTo("TASK_RESUMED_FROM_CHECKPOINT");
        assertThat(request.headers().get("x-meridian-signature")).isEqualTo("sha256=" + hmacSha256(secret, request.body()));
        JsonNode payload = JSON.readTree(request.body());
        assertThat(payload.path("event").asString()).isEqualTo("TASK_RESUMED_FROM_CHECKPOINT");
        assertThat(payload.path("subjectKind").asString()).isEqualTo("training-run");
        assertThat(payload.path("subjectId").asString()).isEqualTo(runId);
        assertThat(payload.path("subjectName").asString()).isEqualTo("llama-" + runId);
        assertThat(payload.path("details").path("checkpoint").asString()).isEqualTo("/work/home/ckpt-200");
        assertThat(payload.path("time").asString()).isEqualTo("2026-05-06T07:08:09Z");

        JsonNode delivery = awaitStatus(user, runId, "SENT");
        assertThat(request.headers().get("x-meridian-delivery")).isEqualTo(delivery.path("id").asString());
        assertThat(delivery.path("channel").asString()).isEqualTo("WEBHOOK");
        // the copy of the secret is dropped once the message is delivered
        assertThat(jdbc.sql("SELECT webhook_secret FROM alert_deliveries WHERE id = ?").param(delivery.path("id").asString()).query(String.class).optional())
                .isEmpty();
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAccepts()
    {
        User user = newUser();
        String path = "/" + unique("flaky");
        saveSettings(user, body("events", List.of("TASK_ABNORMAL"), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", RECEIVER.url(path, 500, 503), "version", 0));
        String runId = unique("run-");

        notifier.notify(notification(user, AlertEvent.TASK_ABNORMAL, runId));

        JsonNode delivery = awaitStatus(user, runId, "SENT");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        List<Receiver.Request> requests = RECEIVER.received(path);
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(request -> request.headers().get("x-meridian-delivery")).containsOnly(delivery.path("id").asString());
        assertThat(requests).extracting(request -> new String(request.body(), StandardCharsets.UTF_8)).containsOnly(
                new String(requests.getFirst().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aReceiverThatKeepsFailingEndsFailedWithTheLastError()
    {
        User user = newUser();
        String path = "/" + unique("down");
        saveSettings(user, body("events", List.of("TASK_ABNORMAL"), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", RECEIVER.url(path, 500, 500, 500, 503, 200), "version", 0));
        String runId = unique("run-");

        notifier.notify(notification(user, AlertEvent.TASK_ABNORMAL, runId));

        JsonNode delivery = awaitStatus(user, runId, "FAILED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.path("lastError").asString()).isEqualTo("The webhook answered HTTP 503");
        assertThat(RECEIVER.received(path)).hasSize(4);
        assertThat(user.api().get("/api/v1/alert-deliveries?status=FAILED").json().path("items").toString()).contains(delivery.path("id").asString());
    }

    @Test
    void redirectsAreNotFollowed()
    {
        User user = newUser();
        String path = "/" + unique("moved");
        saveSettings(user, body("events", List.of("TASK_COMPLETED"), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", RECEIVER.url(path, 302), "version", 0));
        String runId = unique("run-");

        notifier.notify(notification(user, AlertEvent.TASK_COMPLETED, runId));

        JsonNode delivery = awaitStatus(user, runId, "FAILED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.path("lastError").asString()).contains("HTTP 302");
        assertThat(RECEIVER.received(path + "-redirected")).isEmpty();
    }

    @Test
    void anAlertIsSentOnlyIfTheTransactionThatRaisedItCommits()
    {
        User user = newUser();
        String path = "/" + unique("outbox");
        saveSettings(user, body("events", List.of("TASK_COMPLETED"), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", RECEIVER.url(path), "version", 0));
        String rolledBack = unique("run-");
        String committed = unique("run-");
        TransactionTemplate transaction = new TransactionTemplate(transactions);

        transaction.executeWithoutResult(status -> {
            notifier.notify(notification(user, AlertEvent.TASK_COMPLETED, rolledBack));
            status.setRollbackOnly();
        });
        transaction.executeWithoutResult(status -> {
            notifier.notify(notification(user, AlertEvent.TASK_COMPLETED, committed));
            // written in the caller's transaction, and still pending when it commits: nothing was sent from inside it
            assertThat(jdbc.sql("SELECT status FROM alert_deliveries WHERE subject_id = ?").param(committed).query(String.class).list())
                    .containsExactly("PENDING");
            assertThat(RECEIVER.received(path)).isEmpty();
        });

        awaitStatus(user, committed, "SENT");
        assertThat(RECEIVER.received(path)).extracting(request -> JSON.readTree(request.body()).path("subjectId").asString()).containsExactly(committed);
        assertThat(deliveriesOf(user, rolledBack)).isEmpty();
    }

    @Test
    void aMessageLeftBehindByAStoppedServerIsDeliveredByTheNextDispatcher()
    {
        User user = newUser();
        String path = "/" + unique("recovered");
        String runId = unique("run-");
        // what a server that stopped in the middle of a send leaves: a pending message whose lease has ended
        jdbc.sql("""
                INSERT INTO alert_deliveries (id, tenant_id, user_id, event, subject_kind, subject_id, subject_name, details_json, occurred_at, channel,
                    target, status, attempts, next_attempt_at, created_at, version)
                VALUES (?, ?, ?, 'TASK_COMPLETED', 'training-run', ?, ?, '{}', ?, 'WEBHOOK', ?, 'PENDING', 0, ?, ?, 3)
                """)
                .params("ad-" + runId, user.tenantId(), user.id(), runId, "run " + runId, Db.ts(Instant.now()), RECEIVER.url(path),
                        Db.ts(Instant.now().minus(1, ChronoUnit.MINUTES)), Db.ts(Instant.now()))
                .update();

        assertThat(awaitStatus(user, runId, "SENT").path("attempts").asInt()).isEqualTo(1);
        assertThat(RECEIVER.received(path)).hasSize(1);
    }

    @Test
    void usersSeeOnlyTheirOwnSettingsAndDeliveries()
    {
        User alice = newUser();
        User bob = newUser();
        saveSettings(alice, body("events", List.of("TASK_COMPLETED"), "emailEnabled", true, "webhookEnabled", false, "version", 0));
        String runId = unique("run-");
        notifier.notify(notification(alice, AlertEvent.TASK_COMPLETED, runId));
        String aliceDelivery = deliveriesOf(alice, runId).getFirst().path("id").asString();

        ApiClient.Response bobSettings = bob.api().get("/api/v1/alert-settings");
        assertThat(bobSettings.text("userId")).isEqualTo(bob.id());
        assertThat(bobSettings.json().path("events").size()).isZero();
        assertThat(bob.api().get("/api/v1/alert-deliveries?size=200").raw()).doesNotContain(runId);
        assertThat(bob.api().get("/api/v1/alert-deliveries/" + aliceDelivery).status()).isEqualTo(404);
        assertThat(alice.api().get("/api/v1/alert-deliveries/" + aliceDelivery).status()).isEqualTo(200);

        // nor does another tenant, not even its IAM admin
        String otherAdmin = unique("na");
        assertThat(admin.post("/api/v1/tenants", body("name", unique("nt-"), "adminUsername", otherAdmin, "adminPassword", PASSWORD)).status())
                .isEqualTo(201);
        ApiClient other = loginAs(otherAdmin, PASSWORD);
        assertThat(other.get("/api/v1/alert-deliveries/" + aliceDelivery).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/alert-deliveries?size=200").raw()).doesNotContain(runId);
        assertThat(admin.get("/api/v1/alert-deliveries/" + aliceDelivery).status()).isEqualTo(404);
    }

    @Test
    void aDeletedUsersSettingsAndMessagesGoWithTheUser()
    {
        User user = newUser();
        saveSettings(user, body("events", List.of("TASK_COMPLETED"), "emailEnabled", true, "webhookEnabled", false, "version", 0));
        notifier.notify(notification(user, AlertEvent.TASK_COMPLETED, unique("run-")));
        assertThat(count("alert_deliveries", user)).isEqualTo(1);

        assertThat(admin.delete("/api/v1/users/" + user.id()).status()).isEqualTo(204);

        assertThat(count("alert_settings", user)).isZero();
        assertThat(count("alert_deliveries", user)).isZero();
    }

    @Test
    void theDeliveryListPagesAndFiltersByStatus()
    {
        User user = newUser();
        String path = "/" + unique("list");
        saveSettings(user, body("events", List.of("TASK_COMPLETED"), "emailEnabled", false, "webhookEnabled", true,
                "webhookUrl", RECEIVER.url(path), "version", 0));
        List<String> runs = List.of(unique("run-a"), unique("run-b"), unique("run-c"));
        runs.forEach(run -> notifier.notify(notification(user, AlertEvent.TASK_COMPLETED, run)));
        runs.forEach(run -> awaitStatus(user, run, "SENT"));

        ApiClient.Response page = user.api().get("/api/v1/alert-deliveries?status=SENT&page=1&size=2");
        assertThat(page.json().path("total").asLong()).isEqualTo(3);
        assertThat(page.json().path("items").size()).isEqualTo(2);
        assertThat(user.api().get("/api/v1/alert-deliveries?status=PENDING").json().path("total").asLong()).isZero();
        assertThat(user.api().get("/api/v1/alert-deliveries?status=LOST").fieldErrors()).containsExactly("status:notification.delivery.status.unknown");
        assertThat(user.api().get("/api/v1/alert-deliveries?sort=target,asc").fieldErrors()).containsExactly("sort:validation.sort.field");
    }

    @Test
    void changingAlertSettingsIsAudited()
    {
        User user = newUser();
        saveSettings(user, body("events", List.of("TASK_COMPLETED"), "emailEnabled", true, "webhookEnabled", false, "version", 0));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.get("/api/v1/audit-events?targetId=" + user.id() + "&size=50").json().path("items").toString()).contains("alert-settings.update"));
    }

    private User newUser()
    {
        String username = unique("nu");
        String email = username + "@example.com";
        ApiClient.Response created = admin.post("/api/v1/users", body("username", username, "password", PASSWORD, "email", email));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ApiClient api = loginAs(username, PASSWORD);
        return new User(created.text("id"), api.get("/api/v1/me").text("tenantId"), email, api);
    }

    private long count(String table, User user)
    {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?").param(user.id()).query(Long.class).single();
    }

    private static void saveSettings(User user, Map<String, Object> settings)
    {
        ApiClient.Response saved = user.api().put("/api/v1/alert-settings", settings);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private static Notification notification(User user, AlertEvent event, String runId)
    {
        return new Notification(user.tenantId(), user.id(), event, "training-run", runId, "run " + runId, Map.of("status", event.name()), Instant.now());
    }

    private static List<JsonNode> deliveriesOf(User user, String runId)
    {
        List<JsonNode> found = new ArrayList<>();
        user.api().get("/api/v1/alert-deliveries?size=200").json().path("items").forEach(item -> {
            if (item.path("subjectId").asString().equals(runId)) {
                found.add(item);
            }
        });
        return found;
    }

    private static JsonNode awaitStatus(User user, String runId, String status)
    {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> deliveriesOf(user, runId), found -> found.size() == 1 && found.getFirst().path("status").asString().equals(status))
                .getFirst();
    }

    private static MimeMessage mailTo(String address)
    {
        try {
            for (MimeMessage message : SMTP.getReceivedMessages()) {
                if (Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(recipient -> recipient.toString().equals(address))) {
                    return message;
                }
            }
            return null;
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mailText(MimeMessage mail)
    {
        try {
            return (String) mail.getContent();
        }
        catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> messages(ApiClient.Response response)
    {
        List<String> messages = new ArrayList<>();
        response.json().path("errors").forEach(error -> messages.add(error.path("message").asString()));
        return messages;
    }

    private static Map<String, String> orderedDetails(String... keysAndValues)
    {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }

    private static String hmacSha256(String secret, byte[] body)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        }
        catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record User(String id, String tenantId, String email, ApiClient api) {}

    private static Path createHome()
    {
        try {
            return Files.createTempDirectory("meridian-notification-test-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GreenMail startSmtp()
    {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        return smtp;
    }

    /** A webhook receiver on loopback: each path answers with the statuses queued for it, then 200. */
    private static final class Receiver
    {
        private final HttpServer server;
        private final Map<String, Queue<Integer>> answers = new ConcurrentHashMap<>();
        private final Map<String, Queue<Request>> received = new ConcurrentHashMap<>();

        record Request(Map<String, String> headers, byte[] body) {}

        Receiver()
        {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
                received.computeIfAbsent(path, key -> new ConcurrentLinkedQueue<>()).add(new Request(headers, exchange.getRequestBody().readAllBytes()));
                Integer status = answers.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
                int answer = status == null ? 200 : status;
                if (answer >= 300 && answer < 400) {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + path + "-redirected");
                }
                exchange.sendResponseHeaders(answer, -1);
                exchange.close();
            });
            server.start();
        }

        int port()
        {
            return server.getAddress().getPort();
        }

        String url(String path, Integer... statuses)
        {
            answers.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
            return "http://127.0.0.1:" + port() + path;
        }

        List<Request> received(String path)
        {
            return new ArrayList<>(received.getOrDefault(path, new ConcurrentLinkedQueue<>()));
        }
    }
}
