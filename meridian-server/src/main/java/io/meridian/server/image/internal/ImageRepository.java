package io.meridian.server.image.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.platform.persistence.Versioned;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

@Repository
class ImageRepository
{
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at", "updatedAt", "updated_at");

    private static final RowMapper<ImageRecord> MAPPER = (rs, row) -> new ImageRecord(
            rs.getString("id"),
            rs.getString("tenant_id"),
            rs.getString("owner_id"),
            rs.getString("name"),
            rs.getString("image_version"),
            rs.getString("reference"),
            ImageSource.valueOf(rs.getString("source")),
            tags(rs.getString("tags")),
            Optional.ofNullable(rs.getString("vendor")),
            Optional.ofNullable(rs.getString("framework")),
            Optional.ofNullable(rs.getString("description")),
            Optional.ofNullable(rs.getTimestamp("share_deadline") == null ? null : Db.instant(rs, "share_deadline")),
            rs.getBoolean("share_enabled"),
            rs.getBoolean("shared"),
            Db.instant(rs, "created_at"),
            Db.instant(rs, "updated_at"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    ImageRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** Which images a list shows: the caller's own ({@code ownerId}), or, with {@code sharedByOthers}, others' shared ones. */
    record Filter(String ownerId, boolean sharedByOthers, String search, String tag, ImageSource source) {}

    Optional<ImageRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM images WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(MAPPER).optional();
    }

    boolean exists(String tenantId, String ownerId, String name, String imageVersion)
    {
        return jdbc.sql("SELECT COUNT(*) FROM images WHERE tenant_id = ? AND owner_id = ? AND name = ? AND image_version = ?")
                .params(tenantId, ownerId, name, imageVersion).query(Long.class).single() > 0;
    }

    PageResult<ImageRecord> list(String tenantId, Filter filter, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (filter.sharedByOthers()) {
            where.append(" AND shared = TRUE AND owner_id <> ?");
            params.add(filter.ownerId());
        }
        else if (filter.ownerId() != null) {
            where.append(" AND owner_id = ?");
            params.add(filter.ownerId());
        }
        if (filter.search() != null && !filter.search().isBlank()) {
            where.append(" AND (name LIKE ? ESCAPE '\\' OR reference LIKE ? ESCAPE '\\')");
            params.add(Db.contains(filter.search().strip()));
            params.add(Db.contains(filter.search().strip()));
        }
        if (filter.tag() != null && !filter.tag().isBlank()) {
            // tags are stored as ",a,b," so that one tag matches whole
            where.append(" AND tags LIKE ? ESCAPE '\\'");
            params.add(Db.contains("," + filter.tag().strip() + ","));
        }
        if (filter.source() != null) {
            where.append(" AND source = ?");
            params.add(filter.source().name());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM images" + where).params(params).query(Long.class).single();
        List<ImageRecord> items = jdbc.sql("SELECT * FROM images" + where + page.orderBy(SORTABLE, "name, created_at DESC, id")
                        + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query(MAPPER)
                .list();
        return PageResult.of(items, total, page);
    }

    /** Every image the user may choose: their own and those others share with the tenant. */
    List<ImageRecord> choosable(String tenantId, String userId, int limit)
    {
        return jdbc.sql("SELECT * FROM images WHERE tenant_id = ? AND (owner_id = ? OR shared = TRUE) ORDER BY name, created_at DESC, id LIMIT " + limit)
                .params(tenantId, userId)
                .query(MAPPER)
                .list();
    }

    void insert(ImageRecord image)
    {
        jdbc.sql("""
                        INSERT INTO images (id, tenant_id, owner_id, name, image_version, reference, source, tags, vendor, framework, description,
                                            share_deadline, share_enabled, shared, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(image.id(), image.tenantId(), image.ownerId(), image.name(), image.imageVersion(), image.reference(), image.source().name(),
                        storedTags(image.tags()), image.vendor().orElse(null), image.framework().orElse(null), image.description().orElse(null),
                        image.shareDeadline().map(Db::ts).orElse(null), image.shareEnabled(), image.shared(), Db.ts(image.createdAt()), Db.ts(image.updatedAt()))
                .update();
    }

    /** Writes what may change after registration, if the row is still at {@code image.version()}. */
    void update(ImageRecord image)
    {
        int rows = jdbc.sql("""
                        UPDATE images SET tags = ?, vendor = ?, framework = ?, description = ?, share_deadline = ?, share_enabled = ?, shared = ?,
                                          updated_at = ?, version = version + 1
                        WHERE tenant_id = ? AND id = ? AND version = ?""")
                .params(storedTags(image.tags()), image.vendor().orElse(null), image.framework().orElse(null), image.description().orElse(null),
                        image.shareDeadline().map(Db::ts).orElse(null), image.shareEnabled(), image.shared(), Db.ts(image.updatedAt()),
                        image.tenantId(), image.id(), image.version())
                .update();
        Versioned.requireUpdated(rows, ImageService.RESOURCE, image.id());
    }

    void delete(String tenantId, String id)
    {
        jdbc.sql("DELETE FROM images WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }

    private static String storedTags(List<String> tags)
    {
        return tags.isEmpty() ? "" : "," + String.join(",", tags) + ",";
    }

    private static List<String> tags(String stored)
    {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.stream(stored.split(",")).filter(tag -> !tag.isEmpty()).toList();
    }
}
