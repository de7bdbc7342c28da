package io.meridian.server.platform.i18n;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation started before issue 11, at V23 with what first start wrote then, moves to V24: the shipped texts
 * become the installation's language, and text that someone edited stays as it is.
 */
class V24FirstStartLanguageTest
{
    @Test
    void shippedFirstStartTextsBecomeTheInstallationsLanguageAndEditedTextStays()
    {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:v24-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("23").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        oldInstallation(jdbc);

        V24FirstStartLanguage migration = new V24FirstStartLanguage(new InstallationLanguage("zh-CN", messages()));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").javaMigrations(migration).target("24").load().migrate();

        assertThat(text(jdbc, "SELECT description FROM tenants WHERE id = 't1'")).isEqualTo("首个租户（default），首次启动时创建");
        assertThat(text(jdbc, "SELECT description FROM tenants WHERE id = 't2'")).as("edited").isEqualTo("Our lab");
        assertThat(text(jdbc, "SELECT description FROM workspaces WHERE id = 'w1'")).isEqualTo("默认工作空间（default）");
        assertThat(text(jdbc, "SELECT description FROM workspaces WHERE id = 'w2'")).as("edited").isEqualTo("默认工作空间 / 我们的");
        assertThat(text(jdbc, "SELECT display_name FROM regions WHERE id = 'r1'")).isEqualTo("本地");
        assertThat(text(jdbc, "SELECT description FROM regions WHERE id = 'r1'")).isEqualTo("内置默认区域（local）：本机");
        assertThat(text(jdbc, "SELECT display_name FROM regions WHERE id = 'r2'")).as("another region called Local").isEqualTo("Local");
        assertThat(text(jdbc, "SELECT description FROM clusters WHERE id = 'c1'")).isEqualTo("内置默认的共享集群（default），使用 local 后端；其节点和加速卡是虚拟的");
        assertThat(text(jdbc, "SELECT description FROM capacity_pools WHERE id = 'q1'")).isEqualTo("default 的默认队列（default），按需共享");
        assertThat(text(jdbc, "SELECT description FROM capacity_pools WHERE id = 'q2'")).as("edited").isEqualTo("Default queue of default, for team A");
    }

    private static void oldInstallation(JdbcClient jdbc)
    {
        String now = "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'";
        jdbc.sql("INSERT INTO tenants (id, name, description, created_at) VALUES ('t1', 'default', 'The first tenant, created on first start', " + now + ")").update();
        jdbc.sql("INSERT INTO tenants (id, name, description, created_at) VALUES ('t2', 'lab', 'Our lab', " + now + ")").update();
        jdbc.sql("INSERT INTO workspaces (id, tenant_id, name, description, is_default, created_by, created_at) VALUES "
                + "('w1', 't1', 'default', '默认工作空间 / The default workspace', TRUE, 'u1', " + now + "), "
                + "('w2', 't2', 'default', '默认工作空间 / 我们的', TRUE, 'u2', " + now + ")").update();
        jdbc.sql("INSERT INTO regions (id, name, display_name, description, created_at) VALUES "
                + "('r1', 'local', 'Local', 'The embedded default: this machine', " + now + "), "
                + "('r2', 'edge', 'Local', 'The embedded default: this machine', " + now + ")").update();
        jdbc.sql("INSERT INTO zones (id, region_id, name, position) VALUES ('z1', 'r1', 'local-a', 0)").update();
        jdbc.sql("INSERT INTO clusters (id, region_id, zone_id, name, kind, group_type, node_types, backend, scheduling_policies, placement_policy, description, "
                + "status, created_at, updated_at) VALUES ('c1', 'r1', 'z1', 'default', 'DEFAULT', 'EXTENDED', 'PHYSICAL', 'LOCAL', '', 'BINPACK', "
                + "'The shared default cluster of the embedded default, on the local backend', 'RUNNING', " + now + ", " + now + ")").update();
        for (String[] queue : new String[][] {{"q1", "t1", "Default queue of default, shared on demand"}, {"q2", "t2", "Default queue of default, for team A"}}) {
            jdbc.sql("INSERT INTO capacity_pools (id, tenant_id, kind, cluster_id, name, description, workload_types, cards_per_instance, cpu_per_instance, "
                    + "memory_per_instance, instance_count, status, is_default, created_at, updated_at) VALUES (?, ?, 'QUEUE', 'c1', 'default', ?, ',TRAINING,', "
                    + "0, 0, 0, 0, 'RUNNING', TRUE, " + now + ", " + now + ")").params(queue[0], queue[1], queue[2]).update();
        }
    }

    private static String text(JdbcClient jdbc, String sql)
    {
        return jdbc.sql(sql).query(String.class).single();
    }

    private static ResourceBundleMessageSource messages()
    {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages/iam", "messages/workspace", "messages/resource", "messages/quota");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
