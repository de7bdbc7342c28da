package io.meridian.server.training.internal;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Executor;
import io.meridian.executor.Mount;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.Storage;
import io.meridian.executor.Tenancy;
import io.meridian.executor.local.LocalExecutor;
import io.meridian.executor.local.LocalExecutorConfig;
import io.meridian.server.platform.config.MeridianProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The execution backend of this server and the node directories behind an instance's {@code /work} layout, all under
 * {@code ${meridian.home}}: {@code runtime/} (the executor's state, logs and metrics: what a restarted server reattaches
 * to), {@code storage/home/<userId>} ({@code /work/home}, checkpoints included), {@code storage/cache/<runId>},
 * {@code storage/share/<tenantId>} and {@code storage/code/<codePackageId>}.
 * <p>
 * Only the local backend exists: every cluster's nodes are this host, devices are only nominal unless the host has them.
 */
@Component
class TrainingRuntime
{
    private static final Logger log = LoggerFactory.getLogger(TrainingRuntime.class);

    private final LocalExecutor executor;
    private final SandboxUids uids;
    private final Path storage;
    private final Path python;

    TrainingRuntime(MeridianProperties properties, SandboxUids uids,
            @Value("${meridian.executor.python:${MERIDIAN_PYTHON:/usr/bin/python3}}") String python,
            @Value("${meridian.executor.isolation:AUTO}") LocalExecutorConfig.Isolation isolation,
            @Value("${meridian.executor.stop-grace-period:10s}") Duration stopGracePeriod,
            @Value("${meridian.executor.allow-unisolated-multi-tenant:false}") boolean allowUnisolatedMultiTenant)
    {
        requireNonNull(properties, "properties is null");
        this.uids = requireNonNull(uids, "uids is null");
        this.storage = properties.home().resolve("storage");
        this.python = Path.of(requireNonNull(python, "python is null"));
        this.executor = new LocalExecutor(LocalExecutorConfig.defaults(properties.home().resolve("runtime"))
                .withPython(this.python)
                .withIsolation(isolation)
                .withStopGracePeriod(stopGracePeriod)
                .withAllowUnisolatedMultiTenant(allowUnisolatedMultiTenant));
        closeServerFiles(properties.home());
        // instances outlive the server: adopt whatever an earlier process left running (all its state is on disk)
        List<ObservedInstance> adopted = executor.reattach();
        log.info("Training runtime at {}: {} ({}; {}), reattached to {} instances", properties.home().resolve("runtime"), executor.backend(),
                executor.isIsolated() ? "bubblewrap sandbox" : "no isolation",
                executor.switchesUser() ? "instances run as their tenant's uid" : "instances run as the server's own user, which is not root",
                adopted.size());
    }

    /**
     * Instances' users may pass through the server's home to the directories they are given (without bubblewrap they
     * must), but list nothing there and read neither the database nor the secret key.
     */
    private void closeServerFiles(Path home)
    {
        try {
            Files.createDirectories(storage);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
            Path database = home.resolve("db");
            if (Files.isDirectory(database, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rwx------"));
            }
            for (Path directory : List.of(storage, storage.resolve("home"), storage.resolve("cache"), storage.resolve("share"), storage.resolve("code"))) {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot close " + home + " to instances", e);
        }
    }

    /** Whom a run's instances belong to and the uid they run as: one per tenant. */
    Tenancy tenancy(String tenantId)
    {
        return uids.tenancy(tenantId);
    }

    Executor executor()
    {
        return executor;
    }

    /** Whether instances run as their tenant's uid (the server is root) rather than as the server's own user. */
    boolean switchesUser()
    {
        return executor.switchesUser();
    }

    boolean isIsolated()
    {
        return executor.isIsolated();
    }

    Path python()
    {
        return python;
    }

    Path home(String userId)
    {
        return storage.resolve("home").resolve(userId);
    }

    Path codePackage(String codePackageId)
    {
        return storage.resolve("code").resolve(codePackageId);
    }

    Path codePackages()
    {
        return storage.resolve("code");
    }

    /** {@code /work/home} is the task owner's, {@code /work/cache} the run's, {@code /work/share} the tenant's. */
    Storage storage(RunRecord run)
    {
        List<Mount> mounts = new ArrayList<>();
        String codePackageId = run.definition().codePackageId();
        if (codePackageId != null) {
            mounts.add(Mount.readOnly(AssetKind.CODE, codePackageId, codePackage(codePackageId)));
        }
        return new Storage(home(run.ownerId()), storage.resolve("cache").resolve(run.id()), storage.resolve("share").resolve(run.tenantId()), mounts);
    }

    /** The host side of the run's TensorBoard directory ({@code <path>/<run id>} in the owner's home), if the run has TensorBoard on. */
    Optional<TensorBoardFiles> tensorBoard(RunRecord run)
    {
        if (!run.definition().tensorboard().enabled()) {
            return Optional.empty();
        }
        return Optional.of(TensorBoardFiles.of(home(run.ownerId()), run.definition().tensorboard(), run.id()));
    }

    /**
     * Creates the run's TensorBoard directory, so that any writer finds it, and answers the value of
     * {@code MERIDIAN_TENSORBOARD_DIR}: the container path in the sandbox, else the host directory (as with
     * {@code MERIDIAN_WORK_HOME}).
     */
    Optional<String> prepareTensorBoard(RunRecord run)
    {
        return tensorBoard(run).map(files -> {
            files.create(switchesUser() ? tenancy(run.tenantId()).uid() : -1);
            return isIsolated() ? run.definition().tensorboard().runPath(run.id()) : files.directory().toString();
        });
    }

    /** Drops the runtime's state of finished instances (their logs and metrics go with it): the run is deleted. */
    void forget(List<InstanceRecord> instances)
    {
        for (InstanceRecord instance : instances) {
            if (instance.state().equals(InstanceRecord.WAITING)) {
                continue;
            }
            try {
                executor.forget(instance.id());
            }
            catch (RuntimeException e) {
                // already gone (a deleted runtime directory): nothing is left to drop
                log.debug("Cannot forget instance {}", instance.id(), e);
            }
        }
    }

    /** The container path the command starts in: the code package if there is one (the CLI's {@code --code-dir}), else home. */
    static String workingDir(TaskDefinition definition)
    {
        return definition.codePackageId() == null ? "/work/home" : "/work/mount/code/" + definition.codePackageId();
    }
}
