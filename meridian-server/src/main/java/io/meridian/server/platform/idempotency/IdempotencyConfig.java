package io.meridian.server.platform.idempotency;

import io.meridian.server.platform.api.Problems;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class IdempotencyConfig
{
    /** After Spring Security's chain (order -100): the key belongs to the authenticated principal. */
    @Bean
    public FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyRepository keys, Problems problems, Clock clock)
    {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(new IdempotencyFilter(keys, problems, clock));
        registration.setOrder(0);
        return registration;
    }
}
