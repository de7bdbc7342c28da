package io.meridian.server.audit.internal;

import io.meridian.server.audit.AuditEntry;
import io.meridian.server.audit.internal.AuditTexts.AuditView;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTextsTest
{
    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

    private final AuditTexts texts = new AuditTexts(messages());

    @Test
    void operationsAndTargetsReadInTheReadersLanguageAndKeepTheirCodes()
    {
        AuditView login = texts.view(entry("auth.login", "auth", "POST /api/v1/auth/login"), ZH);
        assertThat(login.action()).isEqualTo("auth.login");
        assertThat(login.actionText()).isEqualTo("登录");
        assertThat(login.targetTypeText()).isEqualTo("登录");

        AuditView create = texts.view(entry("training-task.create", "training-task", "POST /api/v1/training-tasks"), ZH);
        assertThat(create.actionText()).isEqualTo("创建训练任务");
        assertThat(create.targetType()).isEqualTo("training-task");
        assertThat(create.targetTypeText()).isEqualTo("训练任务");
        assertThat(texts.view(entry("training-task.create", "training-task", null), Locale.ENGLISH).actionText()).isEqualTo("Create training task");
        assertThat(create.errorCode()).isNull();
    }

    @Test
    void everyTargetOfTheApiHasALabel()
    {
        for (String target : List.of("auth", "me", "tenant", "user", "user-group", "policy", "access-key", "workspace", "region", "cluster", "device-model",
                "node-spec", "flavor", "node", "queue", "quota", "settings", "scheduling", "training-task", "training-run", "code-package", "job",
                "alert-setting", "alert-delivery", "image", "monitoring")) {
            assertThat(texts.target(target, ZH)).as(target).isNotEqualTo(target).doesNotContainPattern("[a-z]{3}");
        }
    }

    @Test
    void anOperationWithoutALabelShowsItsCode()
    {
        assertThat(texts.action("widget.frobnicate", ZH)).isEqualTo("widget.frobnicate");
    }

    @Test
    void aRefusalNamesItsProblemInTheReadersLanguage()
    {
        String detail = AuditTexts.detail("POST", "/api/v1/training-runs/tr-1/stop", "runtime.run.finished", List.of("SUCCEEDED"));
        AuditView refused = texts.view(entry("training-run.stop", "training-run", detail), ZH);

        assertThat(refused.detail()).isEqualTo("POST /api/v1/training-runs/tr-1/stop → 已拒绝：该运行已结束（SUCCEEDED）。");
        assertThat(refused.errorCode()).isEqualTo("runtime.run.finished");
        assertThat(texts.view(entry("training-run.stop", "training-run", detail), Locale.ENGLISH).detail())
                .isEqualTo("POST /api/v1/training-runs/tr-1/stop → refused: The run has already ended (SUCCEEDED).");
    }

    @Test
    void entriesRecordedBeforeDetailsWereKeyedStillRead()
    {
        AuditView old = texts.view(entry("training-run.stop", "training-run", "POST /api/v1/training-runs/tr-1/stop → runtime.run.no-instances"), ZH);

        assertThat(old.detail()).isEqualTo("POST /api/v1/training-runs/tr-1/stop → 已拒绝：该运行尚无实例：正在等待资源。");
        assertThat(old.errorCode()).isEqualTo("runtime.run.no-instances");
        // a message that needs arguments the old entry did not keep: the code
        assertThat(texts.view(entry("training-run.stop", "training-run", "POST /x → runtime.run.finished"), ZH).detail()).isEqualTo("POST /x → 已拒绝：runtime.run.finished");
        assertThat(texts.view(entry("training-task.create", "training-task", "POST /api/v1/training-tasks"), ZH).detail()).isEqualTo("POST /api/v1/training-tasks");
    }

    private static AuditEntry entry(String action, String targetType, String detail)
    {
        return new AuditEntry("ae-1", Instant.parse("2026-01-02T03:04:05Z"), "t-1", "u-1", "admin", action, targetType, null, null, AuditEntry.Result.SUCCESS, 200,
                detail, "127.0.0.1");
    }

    private static ResourceBundleMessageSource messages()
    {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages/audit", "messages/runtime");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
