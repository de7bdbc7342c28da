package io.meridian.server.platform.i18n;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Migration V24 (issue 11): installations started before first-start data was written in the installation's language
 * keep what Meridian shipped then — the default workspaces' "默认工作空间 / The default workspace", English descriptions
 * of the first tenant, the embedded region and cluster and every default queue, and the region's name "Local". Rows whose
 * text still equals what was shipped get what the first-start code writes now, in this installation's language
 * ({@code MERIDIAN_LANGUAGE}); text anyone changed is left alone. A Java migration because the language is the
 * server's setting, which no SQL script can know; the statements are plain SQL for H2 and PostgreSQL.
 */
@Component
public class V24FirstStartLanguage
        implements JavaMigration
{
    static final String OLD_TENANT = "The first tenant, created on first start";
    static final String OLD_WORKSPACE = "默认工作空间 / The default workspace";
    static final String OLD_REGION_NAME = "Local";
    static final String OLD_REGION = "The embedded default: this machine";
    static final String OLD_CLUSTER = "The shared default cluster of the embedded default, on the local backend";

    private final InstallationLanguage language;

    public V24FirstStartLanguage(InstallationLanguage language)
    {
        this.language = requireNonNull(language, "language is null");
    }

    @Override
    public MigrationVersion getVersion()
    {
        return MigrationVersion.fromVersion("24");
    }

    @Override
    public String getDescription()
    {
        return "first start language";
    }

    @Override
    public Integer getChecksum()
    {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction()
    {
        return true;
    }

    @Override
    public void migrate(Context context)
            throws SQLException
    {
        Connection connection = context.getConnection();
        update(connection, "UPDATE tenants SET description = ? WHERE description = ?", language.text("iam.first-start.tenant"), OLD_TENANT);
        update(connection, "UPDATE workspaces SET description = ? WHERE description = ?", language.text("workspace.first-start.description"), OLD_WORKSPACE);
        update(connection, "UPDATE regions SET display_name = ? WHERE name = 'local' AND display_name = ?", language.text("resource.first-start.region-name"),
                OLD_REGION_NAME);
        update(connection, "UPDATE regions SET description = ? WHERE name = 'local' AND description = ?", language.text("resource.first-start.region"), OLD_REGION);
        update(connection, "UPDATE clusters SET description = ? WHERE kind = 'DEFAULT' AND description = ?", language.text("resource.first-start.cluster"),
                OLD_CLUSTER);
        // each default queue named its cluster: "Default queue of <cluster name>, shared on demand"
        List<String[]> queues = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT p.id, c.name FROM capacity_pools p JOIN clusters c ON c.id = p.cluster_id
                WHERE p.kind = 'QUEUE' AND p.is_default = TRUE AND p.description = 'Default queue of ' || c.name || ', shared on demand'
                """)) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    queues.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        for (String[] queue : queues) {
            update(connection, "UPDATE capacity_pools SET description = ? WHERE id = ?", language.text("quota.first-start.default-queue", queue[1]), queue[0]);
        }
    }

    private static void update(Connection connection, String sql, String... params)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
