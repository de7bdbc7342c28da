package io.meridian.storage;

import static java.util.Objects.requireNonNull;

/** A store could not do what was asked; {@link #reason()} says which of the cases a caller may handle it was. */
public class StorageException
        extends RuntimeException
{
    public enum Reason
    {
        /** The object, prefix or upload does not exist. */
        NOT_FOUND,
        /** The bytes read back do not have the checksum recorded when they were written. */
        CHECKSUM_MISMATCH,
        /**
         * The request cannot be done as asked: a multipart upload completed with parts missing or too small, fewer or
         * more bytes than announced, a key that is a prefix of other objects on a file system.
         */
        INVALID,
        /** The store could not be reached or failed (I/O, network, credentials). */
        UNAVAILABLE,
    }

    private final Reason reason;

    public StorageException(Reason reason, String message, Throwable cause)
    {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public StorageException(Reason reason, String message)
    {
        this(reason, message, null);
    }

    public Reason reason()
    {
        return reason;
    }
}
