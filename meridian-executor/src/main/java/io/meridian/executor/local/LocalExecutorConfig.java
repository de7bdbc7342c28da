package io.meridian.executor.local;

import io.meridian.executor.device.DeviceMetricsProbe;
import io.meridian.executor.device.DeviceProbe;

import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the local backend.
 *
 * @param root runtime directory holding every instance's state, logs and metrics; the only thing a restarted
 * server needs to reattach
 * @param isolation whether instances run in a bubblewrap sandbox
 * @param bubblewrap the {@code bwrap} executable
 * @param python interpreter instances without a Python environment find in {@code $MERIDIAN_PYTHON}; Debian's, with
 * the standard library only (torch comes from the preset environments)
 * @param stopGracePeriod how long a stopped instance may take to exit after SIGTERM before SIGKILL
 * @param deviceProbe the accelerators that really exist on this host
 * @param deviceMetricsProbe their current metrics, for {@link LocalExecutor#usage()}
 * @param allowUnisolatedMultiTenant whether a second tenant's workloads may run without bubblewrap, where nothing but
 * file modes keeps tenants apart (an administrator's explicit choice; off by default)
 */
public record LocalExecutorConfig(Path root, Isolation isolation, Path bubblewrap, Path python, Duration stopGracePeriod, DeviceProbe deviceProbe, DeviceMetricsProbe deviceMetricsProbe,
        boolean allowUnisolatedMultiTenant)
{
    public enum Isolation
    {
        /**
         * Bubblewrap if its executable works, otherwise none.
         */
        AUTO,
        BUBBLEWRAP,
        NONE,
    }

    public LocalExecutorConfig
    {
        requireNonNull(root, "root is null");
        requireNonNull(isolation, "isolation is null");
        requireNonNull(bubblewrap, "bubblewrap is null");
        requireNonNull(python, "python is null");
        requireNonNull(stopGracePeriod, "stopGracePeriod is null");
        requireNonNull(deviceProbe, "deviceProbe is null");
        requireNonNull(deviceMetricsProbe, "deviceMetricsProbe is null");
        if (stopGracePeriod.isNegative()) {
            throw new IllegalArgumentException("stopGracePeriod is negative: " + stopGracePeriod);
        }
    }

    public static LocalExecutorConfig defaults(Path root)
    {
        return new LocalExecutorConfig(root, Isolation.AUTO, Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/python3"), Duration.ofSeconds(10), DeviceProbe.host(), DeviceMetricsProbe.host(), false);
    }

    public LocalExecutorConfig withIsolation(Isolation isolation)
    {
        return new LocalExecutorConfig(root, isolation, bubblewrap, python, stopGracePeriod, deviceProbe, deviceMetricsProbe, allowUnisolatedMultiTenant);
    }

    public LocalExecutorConfig withBubblewrap(Path bubblewrap)
    {
        return new LocalExecutorConfig(root, isolation, bubblewrap, python, stopGracePeriod, deviceProbe, deviceMetricsProbe, allowUnisolatedMultiTenant);
    }

    public LocalExecutorConfig withAllowUnisolatedMultiTenant(boolean allowUnisolatedMultiTenant)
    {
        return new LocalExecutorConfig(root, isolation, bubblewrap, python, stopGracePeriod, deviceProbe, deviceMetricsProbe, allowUnisolatedMultiTenant);
    }

    public LocalExecutorConfig withPython(Path python)
    {
        return new LocalExecutorConfig(root, isolation, bubblewrap, python, stopGracePeriod, deviceProbe, deviceMetricsProbe, allowUnisolatedMultiTenant);
    }

    public LocalExecutorConfig withStopGracePeriod(Duration stopGracePeriod)
    {
        return new LocalExecutorConfig(root, isolation, bubblewrap, python, stopGracePeriod, deviceProbe, deviceMetricsProbe, allowUnisolatedMultiTenant);
    }

    public LocalExecutorConfig withDeviceProbe(DeviceProbe deviceProbe)
    {
        return new LocalExecutorConfig(root, isolation, bubblewrap, python, stopGracePeriod, deviceProbe, deviceMetricsProbe, allowUnisolatedMultiTenant);
    }

    public LocalExecutorConfig withDeviceMetricsProbe(DeviceMetricsProbe deviceMetricsProbe)
    {
        return new LocalExecutorConfig(root, isolation, bubblewrap, python, stopGracePeriod, deviceProbe, deviceMetricsProbe, allowUnisolatedMultiTenant);
    }
}
