package io.meridian.server.load;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.TestDatabase;
import io.meridian.server.training.TrainingTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * What keeps the list endpoints fast under load (docs/benchmarks/api.md), checked on the statements the server really
 * ran: H2's query statistics say which, and H2's own plans say how. PostgreSQL reads the same indexes without the
 * ordering hint, so these run on H2 only.
 */
class ListQueriesTest
        extends TrainingTestSupport
{
    @BeforeEach
    void recordStatements()
    {
        assumeFalse(TestDatabase.postgres(), "statement statistics and plans of H2");
        jdbc.sql("SET QUERY_STATISTICS TRUE").update();
        jdbc.sql("SET QUERY_STATISTICS_MAX_ENTRIES 5000").update();
    }

    @Test
    void aPageOfTasksCountsTheRunsOfAllItsTasksInOneStatement()
    {
        String workspace = defaultWorkspaceId(admin);
        for (int i = 0; i < 3; i++) {
            createTask(admin, taskForm(admin, unique("listq_")));
        }
        long before = executions("%FROM runs WHERE tenant_id = ? AND kind = ? AND source_id IN%");

        ApiClient.Response page = admin.get("/api/v1/training-tasks?workspaceId=" + workspace + "&size=20");

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().path("items").size()).isGreaterThanOrEqualTo(3);
        assertThat(executions("%FROM runs WHERE tenant_id = ? AND kind = ? AND source_id IN%") - before).isEqualTo(1);
    }

    @Test
    void listPagesAreReadInIndexOrderInsteadOfSortingTheWholeScope()
    {
        String workspace = defaultWorkspaceId(admin);
        createTask(admin, taskForm(admin, unique("listq_")));
        String tenant = jdbc.sql("SELECT tenant_id FROM users WHERE username = 'admin'").query(String.class).single();

        assertThat(admin.get("/api/v1/training-tasks?workspaceId=" + workspace).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/training-runs?workspaceId=" + workspace).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/audit-events").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/audit-events?tenantId=" + tenant).status()).isEqualTo(200);

        // the unfiltered first page of each list, in its default order
        for (String list : List.of(
                "SELECT * FROM training_tasks WHERE tenant_id = ? AND workspace_id = ? ORDER BY %",
                "SELECT * FROM runs WHERE tenant_id = ? AND kind = ? AND workspace_id = ? ORDER BY %",
                "SELECT * FROM audit_events WHERE 1 = 1 ORDER BY %",
                "SELECT * FROM audit_events WHERE 1 = 1 AND tenant_id = ? ORDER BY %")) {
            List<String> pages = statements(list);
            assertThat(pages).as("statements like %s", list).isNotEmpty();
            for (String sql : pages) {
                assertThat(plan(sql)).as("plan of %s", sql).contains("index sorted");
            }
        }
    }

    private long executions(String sqlPattern)
    {
        return jdbc.sql("SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM INFORMATION_SCHEMA.QUERY_STATISTICS WHERE SQL_STATEMENT LIKE ?")
                .param(sqlPattern)
                .query(Long.class)
                .single();
    }

    private List<String> statements(String sqlPattern)
    {
        return jdbc.sql("SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS WHERE SQL_STATEMENT LIKE ?")
                .param(sqlPattern)
                .query(String.class)
                .list();
    }

    /** H2's plan of a statement, with a placeholder for each of its parameters (the plan does not depend on them). */
    private String plan(String sql)
    {
        int parameters = (int) sql.chars().filter(c -> c == '?').count();
        return jdbc.sql("EXPLAIN " + sql).params(Collections.nCopies(parameters, "x")).query(String.class).single();
    }
}
