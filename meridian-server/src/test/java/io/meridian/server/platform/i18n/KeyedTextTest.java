package io.meridian.server.platform.i18n;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedTextTest
{
    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

    private final StaticMessageSource messages = messages();

    @Test
    void storedTextIsRenderedInTheReadersLanguageAndKeepsItsCode()
    {
        String stored = KeyedText.keyed("runtime.event.created", "admin");

        assertThat(KeyedText.render(messages, Locale.ENGLISH, stored)).isEqualTo("run created by admin");
        assertThat(KeyedText.render(messages, ZH, stored)).isEqualTo("admin 创建了运行");
        assertThat(KeyedText.code(stored)).contains("runtime.event.created");
    }

    @Test
    void anArgumentMayItselfBeKeyedText()
    {
        String stored = KeyedText.keyed("runtime.event.not-restarted", KeyedText.keyed("runtime.event.failed", "worker-0", "Killed", 137),
                KeyedText.keyed("runtime.event.refusal.off"));

        assertThat(KeyedText.render(messages, Locale.ENGLISH, stored)).isEqualTo("worker-0 failed: Killed (exit code 137); fault tolerance is off");
        assertThat(KeyedText.render(messages, ZH, stored)).isEqualTo("worker-0 失败：Killed（退出码 137）；未开启容错");
    }

    @Test
    void keyedTextNestsFourLevelsDeep()
    {
        // a run's status reason names the scheduler's reason, which names a resource
        String resource = KeyedText.keyed("scheduling.resource.gpu");
        String reason = KeyedText.keyed("scheduling.reason.larger-than-pool", "q1", resource, "3", "2");
        String stored = KeyedText.keyed("runtime.event.ended-waiting", KeyedText.keyed("runtime.event.workload.rejected-because", reason));

        assertThat(KeyedText.render(messages, Locale.ENGLISH, stored))
                .isEqualTo("the scheduler ended the workload while it waited: rejected: q1 can never hold this workload: it needs 3 GPU cards, the pool has 2.");
        assertThat(KeyedText.render(messages, ZH, stored)).isEqualTo("调度器在等待期间结束了工作负载：被拒绝：q1 永远无法容纳该负载：需要 3 GPU 卡，总量只有 2。");
        assertThat(KeyedText.code(stored)).contains("runtime.event.ended-waiting");
    }

    @Test
    void textNestedDeeperThanFourLevelsIsFlattened()
    {
        String fifth = KeyedText.keyed("runtime.event.refusal.off");
        String stored = KeyedText.keyed("runtime.event.not-restarted", KeyedText.keyed("runtime.event.not-restarted", KeyedText.keyed("runtime.event.not-restarted",
                KeyedText.keyed("runtime.event.not-restarted", "a", fifth), "b"), "c"), "d");

        assertThat(KeyedText.render(messages, Locale.ENGLISH, stored)).isEqualTo("a; @runtime.event.refusal.off; b; c; d");
    }

    @Test
    void textThatIsNotKeyedIsShownAsRecorded()
    {
        // rows written before their message was keyed, a program's output, and text that merely starts with '@'
        for (String recorded : new String[] {"run created by admin", "@admin did it", "@runtime.event.created but with spaces", ""}) {
            assertThat(KeyedText.render(messages, ZH, recorded)).isEqualTo(recorded);
            assertThat(KeyedText.code(recorded)).isEmpty();
        }
        assertThat(KeyedText.render(messages, ZH, null)).isNull();
    }

    @Test
    void argumentsCannotForgeParts()
    {
        String stored = KeyedText.keyed("runtime.event.created", "eve\u001fmallory\u001e");

        assertThat(KeyedText.render(messages, Locale.ENGLISH, stored)).isEqualTo("run created by eve mallory ");
    }

    @Test
    void anUnknownKeyShowsTheKeyNotAnError()
    {
        assertThat(KeyedText.render(messages, Locale.ENGLISH, KeyedText.keyed("runtime.event.gone", "x"))).isEqualTo("runtime.event.gone");
    }

    @Test
    void onlyKeysMadeForStoredTextAreAccepted()
    {
        assertThatThrownBy(() -> KeyedText.keyed("runtime.run.finished", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static StaticMessageSource messages()
    {
        StaticMessageSource messages = new StaticMessageSource();
        messages.addMessage("runtime.event.created", Locale.ENGLISH, "run created by {0}");
        messages.addMessage("runtime.event.created", ZH, "{0} 创建了运行");
        messages.addMessage("runtime.event.failed", Locale.ENGLISH, "{0} failed: {1} (exit code {2})");
        messages.addMessage("runtime.event.failed", ZH, "{0} 失败：{1}（退出码 {2}）");
        messages.addMessage("runtime.event.refusal.off", Locale.ENGLISH, "fault tolerance is off");
        messages.addMessage("runtime.event.refusal.off", ZH, "未开启容错");
        messages.addMessage("runtime.event.not-restarted", Locale.ENGLISH, "{0}; {1}");
        messages.addMessage("runtime.event.not-restarted", ZH, "{0}；{1}");
        messages.addMessage("runtime.event.ended-waiting", Locale.ENGLISH, "the scheduler ended the workload while it waited: {0}");
        messages.addMessage("runtime.event.ended-waiting", ZH, "调度器在等待期间结束了工作负载：{0}");
        messages.addMessage("runtime.event.workload.rejected-because", Locale.ENGLISH, "rejected: {0}");
        messages.addMessage("runtime.event.workload.rejected-because", ZH, "被拒绝：{0}");
        messages.addMessage("scheduling.reason.larger-than-pool", Locale.ENGLISH, "{0} can never hold this workload: it needs {2} {1}, the pool has {3}.");
        messages.addMessage("scheduling.reason.larger-than-pool", ZH, "{0} 永远无法容纳该负载：需要 {2} {1}，总量只有 {3}。");
        messages.addMessage("scheduling.resource.gpu", Locale.ENGLISH, "GPU cards");
        messages.addMessage("scheduling.resource.gpu", ZH, "GPU 卡");
        return messages;
    }
}
