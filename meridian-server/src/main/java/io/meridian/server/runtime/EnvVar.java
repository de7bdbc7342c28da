package io.meridian.server.runtime;

import static java.util.Objects.requireNonNull;

/** An environment variable a user sets for the instances of their work; {@link GangForms#env} says which are allowed. */
public record EnvVar(String name, String value)
{
    public EnvVar
    {
        requireNonNull(name, "name is null");
        value = value == null ? "" : value;
    }
}
