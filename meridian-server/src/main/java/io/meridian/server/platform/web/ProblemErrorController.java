package io.meridian.server.platform.web;

import io.meridian.server.platform.api.Problems;
import io.meridian.server.platform.api.RequestErrors;
import io.meridian.server.platform.api.RequestTooLargeException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import java.io.IOException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The servlet container's error page ({@code /error}, replacing Spring Boot's): an error that reached no controller
 * (a {@code sendError}, a filter's exception, the container refusing a request) is answered as problem+json too.
 */
@Controller
class ProblemErrorController
        implements ErrorController
{
    private final Problems problems;

    ProblemErrorController(Problems problems)
    {
        this.problems = requireNonNull(problems, "problems is null");
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response)
            throws IOException
    {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = attribute instanceof Integer value ? value : response.getStatus();
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null || code < 400) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        List<Object> args = switch (status) {
            case CONTENT_TOO_LARGE -> List.of(RequestTooLargeException.MAX_BODY_BYTES / 1024);
            case METHOD_NOT_ALLOWED -> List.of(request.getMethod());
            case NOT_FOUND -> List.of(String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
            default -> List.of();
        };
        problems.write(request, response, status, RequestErrors.code(status.value()), args);
    }
}
