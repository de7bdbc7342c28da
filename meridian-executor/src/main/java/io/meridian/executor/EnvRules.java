package io.meridian.executor;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Which environment variables a workload may set. Names that make a shell, the dynamic loader or Python run code
 * of the variable's choosing before the program does ({@code BASH_ENV}, {@code LD_PRELOAD}, {@code PYTHONSTARTUP}…)
 * and the names the platform sets itself are refused: the API refuses them with a field error, and every backend
 * refuses them again at launch, since other callers than the API build launches too.
 */
public final class EnvRules
{
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Set by the platform for every instance; a workload's own value would be overwritten or would confuse it. */
    public static final String PLATFORM_PREFIX = "MERIDIAN_";

    private static final Set<String> RESERVED = Set.of(
            // shells: run a file named by the variable before the command (bash, POSIX sh), or change how they parse
            "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "IFS",
            // the platform's own view of the instance
            "PATH", "HOME",
            // Python: code at start-up, or another standard library
            "PYTHONSTARTUP", "PYTHONHOME", "PYTHONINSPECT",
            // glibc: modules and data loaded from a directory the variable names
            "GCONV_PATH", "LOCPATH", "NLSPATH", "HOSTALIASES", "RESOLV_HOST_CONF", "MALLOC_TRACE", "GLIBC_TUNABLES");

    public enum Violation
    {
        /** Not {@code [A-Za-z_][A-Za-z0-9_]*}. */
        INVALID_NAME,
        /** A name that makes a shell, the loader or Python run code, or that the platform sets ({@code PATH}, {@code HOME}). */
        RESERVED,
        /** {@code MERIDIAN_*}: the platform's. */
        PLATFORM_OWNED,
        /** A NUL character, which no environment can hold. */
        NUL_IN_VALUE,
    }

    private EnvRules() {}

    /** What is wrong with a variable a user asks for, if anything. */
    public static Optional<Violation> checkUserVariable(String name, String value)
    {
        Optional<Violation> violation = checkInstanceVariable(name, value);
        if (violation.isPresent()) {
            return violation;
        }
        return name.toUpperCase(Locale.ROOT).startsWith(PLATFORM_PREFIX) ? Optional.of(Violation.PLATFORM_OWNED) : Optional.empty();
    }

    /**
     * What is wrong with a variable an executor is asked to set, if anything. Unlike {@link #checkUserVariable},
     * {@code MERIDIAN_*} is allowed: workload owners add their own ({@code MERIDIAN_RUN_ID}).
     */
    public static Optional<Violation> checkInstanceVariable(String name, String value)
    {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
        if (!NAME.matcher(name).matches()) {
            return Optional.of(Violation.INVALID_NAME);
        }
        if (isReserved(name)) {
            return Optional.of(Violation.RESERVED);
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of(Violation.NUL_IN_VALUE);
        }
        return Optional.empty();
    }

    public static boolean isReserved(String name)
    {
        String upper = name.toUpperCase(Locale.ROOT);
        return RESERVED.contains(upper) || upper.startsWith("LD_") || upper.startsWith("BASH_FUNC_");
    }
}
