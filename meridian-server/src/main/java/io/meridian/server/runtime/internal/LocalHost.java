package io.meridian.server.runtime.internal;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Mount;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.Storage;
import io.meridian.executor.Tenancy;
import io.meridian.executor.local.LocalExecutor;
import io.meridian.executor.local.LocalExecutorConfig;
import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.WorkloadStorage;
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

import static java.util.Objects.requireNonNull;

/**
 * This host as a place work runs: the local backend's executor and the node directories behind an instance's
 * {@code /work} layout, all under {@code ${meridian.home}}: {@code runtime/} (the executor's state, logs and metrics:
 * what a restarted server reattaches to), {@code storage/home/<userId>} ({@code /work/home}, checkpoints included),
 * {@code storage/cache/<runId>}, {@code storage/share/<tenantId>} and {@code storage/code/<codePackageId>}. A Slurm
 * cluster's nodes mount the same {@code storage/} at the same path (here: they are this host).
 */
@Component
class LocalHost
        implements WorkloadStorage
{
    private static final Logger log = LoggerFactory.getLogger(LocalHost.class);

    private final LocalExecutor executor;
    private final SandboxUids uids;
    private final Path storage;
    private final Path python;

    LocalHost(MeridianProperties properties, SandboxUids uids,
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
        log.info("Local backend at {}: {} ({}; {}), reattached to {} instances", properties.home().resolve("runtime"), executor.backend(),
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

    LocalExecutor executor()
    {
        return executor;
    }

    /** Whom a run's instances belong to and the uid they run as: one per tenant. */
    Tenancy tenancy(String tenantId)
    {
        return uids.tenancy(tenantId);
    }

    Path python()
    {
        return python;
    }

    @Override
    public Path home(String userId)
    {
        return storage.resolve("home").resolve(userId);
    }

    @Override
    public Path codePackage(String codePackageId)
    {
        return storage.resolve("code").resolve(codePackageId);
    }

    @Override
    public Path codePackages()
    {
        return storage.resolve("code");
    }

    /** {@code /work/home} is the run owner's, {@code /work/cache} the run's, {@code /work/share} the tenant's. */
    Storage storage(RunRecord run, GangSpec gang)
    {
        List<Mount> mounts = new ArrayList<>();
        String codePackageId = gang.launch().codePackageId();
        if (codePackageId != null) {
            mounts.add(Mount.readOnly(AssetKind.CODE, codePackageId, codePackage(codePackageId)));
        }
        // the owner's assets (datasets), each already resolved to the directory holding it
        mounts.addAll(gang.launch().mounts());
        return new Storage(home(run.ownerId()), storage.resolve("cache").resolve(run.id()), storage.resolve("share").resolve(run.tenantId()), mounts);
    }
}
