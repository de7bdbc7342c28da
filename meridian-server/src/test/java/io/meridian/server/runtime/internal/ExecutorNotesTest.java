package io.meridian.server.runtime.internal;

import io.meridian.server.platform.i18n.KeyedText;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorNotesTest
{
    private final ResourceBundleMessageSource messages = messages();

    @Test
    void theExecutorsNotesAreShownInTheReadersLanguage()
    {
        String stored = ExecutorNotes.keyed("worker-0", "devices: nvidia [0] assigned by placement but not present on this host; CUDA_VISIBLE_DEVICES is set, nothing runs on them");

        assertThat(KeyedText.code(stored)).contains("runtime.event.executor.devices-virtual");
        assertThat(KeyedText.render(messages, Locale.SIMPLIFIED_CHINESE, stored))
                .isEqualTo("worker-0：设备：nvidia [0] 由调度分配，但本机并没有这些设备（虚拟算力）；已设置 CUDA_VISIBLE_DEVICES，不会在其上运行任何内容");
        assertThat(KeyedText.render(messages, Locale.ENGLISH, stored))
                .isEqualTo("worker-0: devices: nvidia [0] assigned by placement but not present on this host (virtual capacity); CUDA_VISIBLE_DEVICES is set, nothing runs on them");
    }

    @Test
    void everyFormOfTheExecutorsNotesIsKnown()
    {
        // the executor's wording, note for note (Sandbox, InstanceUser, InstanceFiles, SlurmExecutor)
        String[] notes = {
                "isolation: none, paths passed via environment",
                "isolation: bubblewrap (private mount and PID namespace; /work layout as specified)",
                "isolation: none on Slurm (no private mount or PID namespace), paths passed via environment",
                "user: uid 61234 of tenant t-1, without capabilities or new privileges",
                "user: the server's own uid 1000 (the server is not root, so it cannot switch to the tenant's uid 61234)",
                "user: Slurm user slurm, whom jobs are submitted as (not root, so it cannot switch to the tenant's uid 61234; every tenant on this connection runs as that user)",
                "node: placed on node-1; the local backend runs every node on this host",
                "node: placed on node-1 by Meridian; the Slurm job is pinned there",
                "node: placed on node-1 by Meridian, advisory: Slurm chooses the job's nodes (they carry no feature of their own name)",
                "node: Slurm ran it on c1",
                "slurm: job 42",
                "devices: nvidia [0, 1] are real devices of this host, used for real",
                "python: environment pytorch-2.15.0 at /opt/env (its bin/ first on PATH)",
                "python: /usr/bin/python3 (no environment: the system's interpreter and PATH)"};
        for (String note : notes) {
            String stored = ExecutorNotes.keyed("worker-0", note);
            assertThat(KeyedText.code(stored)).as(note).isPresent().get().isNotEqualTo("runtime.event.executor.note");
            String chinese = KeyedText.render(messages, Locale.SIMPLIFIED_CHINESE, stored);
            assertThat(chinese).as(note).startsWith("worker-0：").doesNotContain("{");
            assertThat(KeyedText.render(messages, Locale.ENGLISH, stored)).as(note).isEqualTo("worker-0: " + note);
        }
    }

    @Test
    void aNoteOfAnUnknownFormIsKeptAsWritten()
    {
        String stored = ExecutorNotes.keyed("worker-0", "gpu: something new");

        assertThat(KeyedText.render(messages, Locale.SIMPLIFIED_CHINESE, stored)).isEqualTo("worker-0：gpu: something new");
    }

    private static ResourceBundleMessageSource messages()
    {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages/runtime");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
