package io.meridian.server.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The processes the local backend started for a training instance, as a test that stands in for a fault sees them. */
final class TrainingProcesses
{
    private TrainingProcesses() {}

    /**
     * SIGKILLs the python processes running {@code script} under an instance (as an out-of-memory kill or a crashed
     * node would end them), found from the instance's pid file under {@code ${meridian.home}/runtime/instances}, and
     * answers how many were killed.
     */
    static long killTraining(Path home, String instanceId, String script)
            throws IOException
    {
        Path pidFile = home.resolve("runtime/instances").resolve(instanceId).resolve("pid");
        long wrapper = Long.parseLong(Files.readString(pidFile).trim().split(" ")[0]);
        return ProcessHandle.of(wrapper).orElseThrow().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains(script))
                .filter(process -> process.info().command().orElse("").contains("python"))
                .peek(ProcessHandle::destroyForcibly)
                .count();
    }
}
