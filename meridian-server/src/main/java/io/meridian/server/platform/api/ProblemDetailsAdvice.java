package io.meridian.server.platform.api;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Turns every refusal into RFC 9457 problem details with a stable code and messages in the caller's language. */
@RestControllerAdvice
public class ProblemDetailsAdvice
{
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final MessageSource messages;

    public ProblemDetailsAdvice(MessageSource messages)
    {
        this.messages = requireNonNull(messages, "messages is null");
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, Object>> handle(ApiException e, HttpServletRequest request)
    {
        return problem(e.status(), e.code(), e.args(), e.violations(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request)
    {
        return problem(HttpStatus.BAD_REQUEST, "request.unreadable", List.of(), List.of(), request);
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
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", URI.create("urn:meridian:problem:" + code).toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("code", code);
        body.put("detail", message(code, args, locale));
        body.put("instance", request.getRequestURI());
        body.put("errors", violations.stream()
                .map(violation -> Map.of(
                        "field", violation.field(),
                        "code", violation.code(),
                        "message", message(violation.code(), violation.args(), locale)))
                .toList());
        request.setAttribute(ApiException.class.getName(), code);
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(body);
    }

    private String message(String code, List<Object> args, Locale locale)
    {
        return messages.getMessage(code, args.toArray(), code, locale);
    }
}
