package io.meridian.server.platform.api;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Turns every refusal into RFC 9457 problem details with a stable code and messages in the caller's language. */
@RestControllerAdvice
public class ProblemDetailsAdvice
{
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final Problems problems;

    public ProblemDetailsAdvice(Problems problems)
    {
        this.problems = requireNonNull(problems, "problems is null");
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, Object>> handle(ApiException e, HttpServletRequest request)
    {
        ResponseEntity<Map<String, Object>> problem = problem(e.status(), e.code(), e.args(), e.violations(), request);
        if (e.retryAfterSeconds().isPresent()) {
            return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds().getAsLong()))
                    .body(problem.getBody());
        }
        return problem;
    }

    /** A body that is not JSON, not the JSON this operation takes, too large or missing: each says which. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request)
    {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, "request.too-large", List.of(tooLarge.limitKib()), List.of(), request);
            }
            if (cause instanceof SafeText.UnsafeTextException unsafe) {
                return problem(HttpStatus.BAD_REQUEST, "validation.failed", List.of(),
                        List.of(new FieldViolation(path(unsafe), SafeText.CODE, unsafe.violationArgs())), request);
            }
            if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
                String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
                return problem(HttpStatus.BAD_REQUEST, "validation.failed", List.of(),
                        List.of(new FieldViolation(path(invalid), "validation.enum", List.of(allowed))), request);
            }
            if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
                return problem(HttpStatus.BAD_REQUEST, "validation.failed", List.of(),
                        List.of(new FieldViolation(path(mismatched), "validation.type", List.of())), request);
            }
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return problem(HttpStatus.BAD_REQUEST, "request.body-missing", List.of(), List.of(), request);
        }
        return problem(HttpStatus.BAD_REQUEST, "request.unreadable", List.of(), List.of(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<Map<String, Object>> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request)
    {
        // the problem itself is JSON whatever was asked for: a client that cannot read it still has the status
        return problem(HttpStatus.NOT_ACCEPTABLE, "request.not-acceptable", List.of(), List.of(), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    public ResponseEntity<Map<String, Object>> missingHeader(MissingRequestHeaderException e, HttpServletRequest request)
    {
        return problem(HttpStatus.BAD_REQUEST, "validation.failed", List.of(),
                List.of(new FieldViolation(e.getHeaderName(), "validation.required", List.of())), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request)
    {
        return problem(HttpStatus.BAD_REQUEST, "validation.failed", List.of(),
                List.of(new FieldViolation(e.getName(), "validation.type", List.of())), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request)
    {
        return problem(HttpStatus.BAD_REQUEST, "validation.failed", List.of(),
                List.of(new FieldViolation(e.getParameterName(), "validation.required", List.of())), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request)
    {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "request.method", List.of(e.getMethod()), List.of(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
    {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "request.media-type", List.of(), List.of(), request);
    }

    @ExceptionHandler(NoHandlerFoundException.class)
    public ResponseEntity<Map<String, Object>> noHandler(NoHandlerFoundException e, HttpServletRequest request)
    {
        return problem(HttpStatus.NOT_FOUND, "not-found.path", List.of(request.getRequestURI()), List.of(), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Map<String, Object>> noResource(NoResourceFoundException e, HttpServletRequest request)
    {
        return problem(HttpStatus.NOT_FOUND, "not-found.path", List.of(request.getRequestURI()), List.of(), request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Map<String, Object>> denied(AccessDeniedException e, HttpServletRequest request)
    {
        return problem(HttpStatus.FORBIDDEN, "forbidden", List.of(), List.of(), request);
    }

    @ExceptionHandler(ErrorResponseException.class)
    public ResponseEntity<Map<String, Object>> springError(ErrorResponseException e, HttpServletRequest request)
    {
        // any other refusal Spring MVC raises itself keeps its status, with a code derived from it
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        return problem(status == null ? HttpStatus.BAD_REQUEST : status, RequestErrors.code(e.getStatusCode().value()), List.of(), List.of(), request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request)
    {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", List.of(), List.of(), request);
    }

    /** The problem details of a refusal without field violations, for those who answer outside a handler. */
    public Map<String, Object> body(HttpStatus status, String code, HttpServletRequest request)
    {
        return problem(status, code, List.of(), List.of(), request).getBody();
    }

    private ResponseEntity<Map<String, Object>> problem(HttpStatus status, String code, List<Object> args, List<FieldViolation> violations, HttpServletRequest request)
    {
        Map<String, Object> body = problems.body(status, code, args, violations, request.getRequestURI(), LocaleContextHolder.getLocale());
        request.setAttribute(ApiException.class.getName(), code);
        request.setAttribute(ApiException.ARGS_ATTRIBUTE, args);
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(body);
    }

    /** The JSON path of the offending value, as {@code tasks[0].description}. */
    private static String path(JacksonException e)
    {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
