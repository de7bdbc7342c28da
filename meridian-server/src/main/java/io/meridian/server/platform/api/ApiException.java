package io.meridian.server.platform.api;

import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A request the server refuses, with a stable code and a message key resolved in the caller's language.
 * Thrown before anything is changed, so a refused request changes nothing.
 */
public final class ApiException
        extends RuntimeException
{
    /** The request attribute that holds a refused call's problem arguments (its code is under this class's name), for the audit log. */
    public static final String ARGS_ATTRIBUTE = ApiException.class.getName() + ".args";

    private final HttpStatus status;
    private final String code;
    private final List<Object> args;
    private final List<FieldViolation> violations;
    private final OptionalLong retryAfterSeconds;

    public ApiException(HttpStatus status, String code, List<Object> args, List<FieldViolation> violations)
    {
        this(status, code, args, violations, OptionalLong.empty());
    }

    private ApiException(HttpStatus status, String code, List<Object> args, List<FieldViolation> violations, OptionalLong retryAfterSeconds)
    {
        super(code);
        this.status = requireNonNull(status, "status is null");
        this.code = requireNonNull(code, "code is null");
        this.args = List.copyOf(args);
        this.violations = List.copyOf(violations);
        this.retryAfterSeconds = requireNonNull(retryAfterSeconds, "retryAfterSeconds is null");
    }

    /** 429 with {@code Retry-After}: the caller may try again after that many seconds. */
    public static ApiException tooManyRequests(String code, long retryAfterSeconds, Object... args)
    {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, code, List.of(args), List.of(), OptionalLong.of(Math.max(1, retryAfterSeconds)));
    }

    public static ApiException notFound(String resource, String id)
    {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", List.of(resource, id), List.of());
    }

    public static ApiException forbidden()
    {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", List.of(), List.of());
    }

    public static ApiException unauthorized(String code)
    {
        return new ApiException(HttpStatus.UNAUTHORIZED, code, List.of(), List.of());
    }

    /** A state rule forbids the change (for example: delete a queue that is still running). */
    public static ApiException conflict(String code, Object... args)
    {
        return new ApiException(HttpStatus.CONFLICT, code, List.of(args), List.of());
    }

    public static ApiException staleVersion(String resource, String id)
    {
        return new ApiException(HttpStatus.CONFLICT, "conflict.version", List.of(resource, id), List.of());
    }

    public static ApiException invalid(List<FieldViolation> violations)
    {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation.failed", List.of(), violations);
    }

    public static ApiException invalidField(String field, String code, Object... args)
    {
        return invalid(List.of(new FieldViolation(field, code, List.of(args))));
    }

    public static ApiException badParameter(String parameter, String code, Object... args)
    {
        return invalidField(parameter, code, args);
    }

    public HttpStatus status()
    {
        return status;
    }

    public String code()
    {
        return code;
    }

    public List<Object> args()
    {
        return args;
    }

    public List<FieldViolation> violations()
    {
        return violations;
    }

    public OptionalLong retryAfterSeconds()
    {
        return retryAfterSeconds;
    }
}
