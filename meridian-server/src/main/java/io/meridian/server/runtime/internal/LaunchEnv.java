package io.meridian.server.runtime.internal;

import io.meridian.executor.distributed.InstanceEnv;
import io.meridian.server.platform.persistence.Json;

import java.util.Map;

/** What an instance was launched with besides its gang's own settings: its rank, the rendezvous addresses, its files. */
record LaunchEnv(Map<String, String> env, Map<String, String> files)
{
    LaunchEnv
    {
        env = Map.copyOf(env);
        files = Map.copyOf(files);
    }

    static LaunchEnv read(String json)
    {
        return Json.read(json, LaunchEnv.class);
    }

    String write()
    {
        return Json.write(this);
    }

    InstanceEnv instanceEnv()
    {
        return new InstanceEnv(env, files);
    }
}
