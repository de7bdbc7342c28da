package io.meridian.server.resource.internal;

import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

@Repository
class RegionRepository
{
    record RegionRecord(String id, String name, String displayName, String description, Instant createdAt, long version) {}

    record ZoneRecord(String id, String regionId, String name, int position) {}

    private final JdbcClient jdbc;

    RegionRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(RegionRecord region)
    {
        jdbc.sql("INSERT INTO regions (id, name, display_name, description, created_at, version) VALUES (?, ?, ?, ?, ?, 0)")
                .params(region.id(), region.name(), region.displayName(), region.description(), Db.ts(region.createdAt()))
                .update();
    }

    int update(String id, String displayName, String description, long expectedVersion)
    {
        return jdbc.sql("UPDATE regions SET display_name = ?, description = ?, version = version + 1 WHERE id = ? AND version = ?")
                .params(displayName, description, id, expectedVersion)
                .update();
    }

    void delete(String id)
    {
        jdbc.sql("DELETE FROM zones WHERE region_id = ?").param(id).update();
        jdbc.sql("DELETE FROM regions WHERE id = ?").param(id).update();
    }

    /**
     * Serializes, until the transaction ends, the changes that count a region's clusters against a limit: creating a
     * cluster and setting a resource-group quota.
     */
    void lock(String id)
    {
        jdbc.sql("SELECT id FROM regions WHERE id = ? FOR UPDATE").param(id).query(String.class).optional();
    }

    Optional<RegionRecord> find(String id)
    {
        return jdbc.sql("SELECT * FROM regions WHERE id = ?").param(id)
                .query((rs, row) -> new RegionRecord(rs.getString("id"), rs.getString("name"), rs.getString("display_name"),
                        rs.getString("description"), Db.instant(rs, "created_at"), rs.getLong("version")))
                .optional();
    }

    Optional<RegionRecord> findByName(String name)
    {
        return jdbc.sql("SELECT id FROM regions WHERE name = ?").param(name).query(String.class).optional().flatMap(this::find);
    }

    List<RegionRecord> findAll()
    {
        return jdbc.sql("SELECT * FROM regions ORDER BY created_at, name")
                .query((rs, row) -> new RegionRecord(rs.getString("id"), rs.getString("name"), rs.getString("display_name"),
                        rs.getString("description"), Db.instant(rs, "created_at"), rs.getLong("version")))
                .list();
    }

    boolean nameTaken(String name)
    {
        return jdbc.sql("SELECT COUNT(*) FROM regions WHERE name = ?").param(name).query(Long.class).single() > 0;
    }

    void insertZone(ZoneRecord zone)
    {
        jdbc.sql("INSERT INTO zones (id, region_id, name, position) VALUES (?, ?, ?, ?)")
                .params(zone.id(), zone.regionId(), zone.name(), zone.position())
                .update();
    }

    void updateZonePosition(String zoneId, int position)
    {
        jdbc.sql("UPDATE zones SET position = ? WHERE id = ?").params(position, zoneId).update();
    }

    void deleteZone(String zoneId)
    {
        jdbc.sql("DELETE FROM zones WHERE id = ?").param(zoneId).update();
    }

    List<ZoneRecord> zones(String regionId)
    {
        return jdbc.sql("SELECT * FROM zones WHERE region_id = ? ORDER BY position, name").param(regionId)
                .query((rs, row) -> new ZoneRecord(rs.getString("id"), rs.getString("region_id"), rs.getString("name"), rs.getInt("position")))
                .list();
    }

    Optional<ZoneRecord> findZone(String zoneId)
    {
        return jdbc.sql("SELECT * FROM zones WHERE id = ?").param(zoneId)
                .query((rs, row) -> new ZoneRecord(rs.getString("id"), rs.getString("region_id"), rs.getString("name"), rs.getInt("position")))
                .optional();
    }
}
