package io.meridian.server.platform.persistence;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;

/**
 * A transaction takes its pooled connection at its first statement, not when it begins: every mutating API call runs
 * in a transaction (the audit's), and one that streams a large upload before touching the database must not hold a
 * connection of the small pool meanwhile.
 */
@Configuration(proxyBeanMethods = false)
class LazyConnections
{
    @Bean
    static BeanPostProcessor lazyConnectionDataSource()
    {
        return new BeanPostProcessor()
        {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName)
            {
                if (bean instanceof DataSource dataSource && !(bean instanceof LazyConnectionDataSourceProxy)) {
                    return new LazyConnectionDataSourceProxy(dataSource);
                }
                return bean;
            }
        };
    }
}
