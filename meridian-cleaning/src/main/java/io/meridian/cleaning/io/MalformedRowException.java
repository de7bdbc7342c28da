package io.meridian.cleaning.io;

/**
 * A jsonl line that is not a JSON object.
 */
public final class MalformedRowException
        extends RuntimeException
{
    public MalformedRowException(String message)
    {
        super(message);
    }
}
