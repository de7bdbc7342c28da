package io.meridian.server.testing;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Counts the JDBC statements the current thread executes while {@link #record(Supplier)} runs: every query, update and
 * batch sent to the database through the application's {@link DataSource}, whatever issued it (repositories, other
 * features' services). Other threads (the scheduler's loop, the HTTP workers) are not counted. Register
 * {@link #wrapDataSource()} as a bean to put it in front of the application's data source.
 */
public final class StatementCounter
{
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    private StatementCounter() {}

    /** What {@code work} returned, and the SQL of every statement it executed on this thread, in order. */
    public record Recorded<T>(T result, List<String> statements) {}

    public static <T> Recorded<T> record(Supplier<T> work)
    {
        List<String> statements = new ArrayList<>();
        RECORDING.set(statements);
        try {
            T result = work.get();
            return new Recorded<>(result, List.copyOf(statements));
        }
        finally {
            RECORDING.remove();
        }
    }

    /** Wraps the application's data source (once, whatever other post-processors do to it) so that statements are counted. */
    public static BeanPostProcessor wrapDataSource()
    {
        return new BeanPostProcessor()
        {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName)
            {
                if (bean instanceof DataSource dataSource && !(bean instanceof CountingDataSource)) {
                    return new CountingDataSource(dataSource);
                }
                return bean;
            }
        };
    }

    private static void executed(String sql)
    {
        List<String> statements = RECORDING.get();
        if (statements != null) {
            statements.add(sql);
        }
    }

    private static final class CountingDataSource
            extends DelegatingDataSource
    {
        CountingDataSource(DataSource target)
        {
            super(target);
        }

        @Override
        public Connection getConnection()
                throws SQLException
        {
            return connection(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password)
                throws SQLException
        {
            return connection(super.getConnection(username, password));
        }

        private static Connection connection(Connection target)
        {
            return proxy(Connection.class, target, (method, args) -> {
                Object result = method.invoke(target, args);
                return switch (result) {
                    case CallableStatement statement -> proxy(CallableStatement.class, statement, prepared(statement, (String) args[0]));
                    case PreparedStatement statement -> proxy(PreparedStatement.class, statement, prepared(statement, (String) args[0]));
                    case Statement statement -> proxy(Statement.class, statement, (call, callArgs) -> {
                        if (EXECUTIONS.contains(call.getName())) {
                            executed(callArgs == null || callArgs.length == 0 ? "(batch)" : String.valueOf(callArgs[0]));
                        }
                        return call.invoke(statement, callArgs);
                    });
                    case null, default -> result;
                };
            });
        }

        private static Invocation prepared(Statement target, String sql)
        {
            return (method, args) -> {
                if (EXECUTIONS.contains(method.getName())) {
                    executed(sql);
                }
                return method.invoke(target, args);
            };
        }
    }

    private interface Invocation
    {
        Object invoke(Method method, Object[] args)
                throws IllegalAccessException, InvocationTargetException;
    }

    private static <T> T proxy(Class<T> type, T target, Invocation invocation)
    {
        requireNonNull(target, "target is null");
        InvocationHandler handler = (proxy, method, args) -> {
            // identity, so that Spring recognizes the connection it bound to a transaction
            if (method.getName().equals("equals") && args != null && args.length == 1) {
                return proxy == args[0];
            }
            if (method.getName().equals("hashCode") && (args == null || args.length == 0)) {
                return System.identityHashCode(proxy);
            }
            try {
                return invocation.invoke(method, args);
            }
            catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
