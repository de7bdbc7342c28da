package io.meridian.executor;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One instance of a workload as the scheduler placed it.
 *
 * @param id unique instance id; also its name
 * @param role the workload's name for the instance's role, such as {@code master} or {@code worker}
 * @param node the node the scheduler placed the instance on
 * @param devices accelerator indices on that node the instance holds
 * @param command what to run
 * @param env extra environment; platform variables ({@code MERIDIAN_*}, device visibility) take precedence
 * @param workingDir working directory as seen inside the container layout, such as {@code /work/home}
 * @param storage the host directories behind {@code /work/...}
 * @param files small files (name to content) the instance finds in {@code $MERIDIAN_CONFIG_DIR}, such as a
 * DeepSpeed hostfile
 * @param resources CPUs, memory and GPUs the instance asks of its node, for backends that allocate them
 * @param environment the Python environment the instance runs in; without one, the backend's configured interpreter
 * (Debian's {@code /usr/bin/python3}) is {@code $MERIDIAN_PYTHON} and {@code PATH} is the system's
 */
public record InstanceSpec(
        String id,
        String role,
        String node,
        DeviceAllocation devices,
        Command command,
        Map<String, String> env,
        String workingDir,
        Storage storage,
        Map<String, String> files,
        Resources resources,
        Optional<PythonEnvironment> environment)
{
    public static final String DEFAULT_WORKING_DIR = "/work/home";

    public InstanceSpec
    {
        Ids.check("instance id", id);
        requireNonNull(role, "role is null");
        requireNonNull(node, "node is null");
        requireNonNull(devices, "devices is null");
        requireNonNull(command, "command is null");
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(workingDir, "workingDir is null");
        if (!workingDir.startsWith("/work/")) {
            throw new IllegalArgumentException("working directory must be inside the /work layout: " + workingDir);
        }
        requireNonNull(storage, "storage is null");
        files = Map.copyOf(requireNonNull(files, "files is null"));
        files.keySet().forEach(name -> Ids.check("file name", name));
        requireNonNull(resources, "resources is null");
        requireNonNull(environment, "environment is null");
    }

    /** An instance that runs with the backend's own interpreter. */
    public InstanceSpec(String id, String role, String node, DeviceAllocation devices, Command command, Map<String, String> env, String workingDir, Storage storage,
            Map<String, String> files, Resources resources)
    {
        this(id, role, node, devices, command, env, workingDir, storage, files, resources, Optional.empty());
    }

    /** An instance that states no resources of its own. */
    public InstanceSpec(String id, String role, String node, DeviceAllocation devices, Command command, Map<String, String> env, String workingDir, Storage storage,
            Map<String, String> files)
    {
        this(id, role, node, devices, command, env, workingDir, storage, files, Resources.unstated(), Optional.empty());
    }

    public static InstanceSpec of(String id, String role, String node, Command command, Storage storage)
    {
        return new InstanceSpec(id, role, node, DeviceAllocation.none(), command, Map.of(), DEFAULT_WORKING_DIR, storage, Map.of());
    }

    public InstanceSpec withDevices(DeviceAllocation devices)
    {
        return new InstanceSpec(id, role, node, devices, command, env, workingDir, storage, files, resources, environment);
    }

    public InstanceSpec withEnv(Map<String, String> env)
    {
        return new InstanceSpec(id, role, node, devices, command, env, workingDir, storage, files, resources, environment);
    }

    public InstanceSpec withFiles(Map<String, String> files)
    {
        return new InstanceSpec(id, role, node, devices, command, env, workingDir, storage, files, resources, environment);
    }

    public InstanceSpec withWorkingDir(String workingDir)
    {
        return new InstanceSpec(id, role, node, devices, command, env, workingDir, storage, files, resources, environment);
    }

    public InstanceSpec withResources(Resources resources)
    {
        return new InstanceSpec(id, role, node, devices, command, env, workingDir, storage, files, resources, environment);
    }

    /** The same instance, run in {@code environment}. */
    public InstanceSpec withEnvironment(PythonEnvironment environment)
    {
        return new InstanceSpec(id, role, node, devices, command, env, workingDir, storage, files, resources, Optional.of(environment));
    }
}
