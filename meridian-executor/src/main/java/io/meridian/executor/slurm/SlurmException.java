package io.meridian.executor.slurm;

/**
 * slurmrestd could not be reached, refused the token, or refused a request; the message says which, for an
 * administrator to act on.
 */
public final class SlurmException
        extends RuntimeException
{
    public enum Kind
    {
        /** No connection to slurmrestd (down, wrong URL, network). */
        UNREACHABLE,
        /** slurmrestd refused the user name or token (HTTP 401/403, or an authentication error in the reply). */
        UNAUTHORIZED,
        /** slurmrestd answered, and refused or failed the request. */
        REFUSED,
    }

    private final Kind kind;

    public SlurmException(Kind kind, String message, Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
    }

    public SlurmException(Kind kind, String message)
    {
        this(kind, message, null);
    }

    public Kind kind()
    {
        return kind;
    }
}
