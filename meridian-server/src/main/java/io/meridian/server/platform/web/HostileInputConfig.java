package io.meridian.server.platform.web;

import io.meridian.server.platform.api.Problems;
import io.meridian.server.platform.api.RequestTooLargeException;
import org.apache.catalina.Host;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.JacksonModule;

/** What the web layer does against hostile input before and around the controllers (docs/api.md, "Limits"). */
@Configuration(proxyBeanMethods = false)
public class HostileInputConfig
{
    /** First of all filters, before a signature check caches the body. */
    @Bean
    public FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(Problems problems)
    {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(problems, RequestTooLargeException.MAX_BODY_BYTES));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public JacksonModule safeTextModule()
    {
        return new SafeTextModule();
    }

    /** Tomcat's error report for requests it refuses itself writes problem+json. */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports()
    {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
