package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Versioned;
import io.meridian.server.platform.security.Principal;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Regions (资源池 / 地域) and their availability zones: everyone reads them, the platform operator manages them. */
@Service
class RegionService
{
    static final int MAX_DISPLAY_NAME = 64;
    private static final List<Locale> LANGUAGES = List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH);

    private final RegionRepository regions;
    private final ClusterRepository clusters;
    private final NodeRepository nodes;
    private final MessageSource messages;
    private final Clock clock;

    RegionService(RegionRepository regions, ClusterRepository clusters, NodeRepository nodes, MessageSource messages, Clock clock)
    {
        this.regions = requireNonNull(regions, "regions is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    record ZoneView(String id, String name) {}

    record RegionView(String id, String name, String displayName, String description, List<ZoneView> zones, Instant createdAt, long version) {}

    record NewRegion(String name, String displayName, String description, List<String> zones) {}

    /** An edit; {@code zones} (names, in order) replaces the zone list when present: new names are added, missing ones removed. */
    record RegionUpdate(String displayName, String description, List<String> zones, Long version) {}

    List<RegionView> list()
    {
        return regions.findAll().stream().map(this::view).toList();
    }

    RegionView get(String id)
    {
        return regions.find(id).map(this::view).orElseThrow(() -> ApiException.notFound("region", id));
    }

    @Transactional
    RegionView create(Principal caller, NewRegion request)
    {
        ResourceAccess.requireOperator(caller);
        FieldRules rules = FieldRules.check()
                .name("name", request.name(), NameRule.REGION)
                .required("displayName", request.displayName())
                .maxLength("displayName", request.displayName(), MAX_DISPLAY_NAME)
                .maxLength("description", request.description(), ClusterService.MAX_DESCRIPTION);
        checkZones(rules, request.zones());
        if (!rules.hasViolation("name") && regions.nameTaken(request.name())) {
            rules.violate("name", "resource.region.name.taken");
        }
        rules.throwIfAny();
        return insert(request);
    }

    /** Creates a region without a caller: the embedded default's first start. */
    @Transactional
    RegionView insert(NewRegion request)
    {
        String id = Ids.newId("rg");
        regions.insert(new RegionRepository.RegionRecord(id, request.name(), request.displayName(), request.description(), clock.instant(), 0));
        for (int i = 0; i < request.zones().size(); i++) {
            regions.insertZone(new RegionRepository.ZoneRecord(Ids.newId("az"), id, request.zones().get(i), i));
        }
        return get(id);
    }

    @Transactional
    RegionView update(Principal caller, String id, RegionUpdate request)
    {
        ResourceAccess.requireOperator(caller);
        RegionRepository.RegionRecord region = regions.find(id).orElseThrow(() -> ApiException.notFound("region", id));
        String displayName = request.displayName() == null ? region.displayName() : request.displayName();
        FieldRules rules = FieldRules.check()
                .required("displayName", displayName)
                .maxLength("displayName", displayName, MAX_DISPLAY_NAME)
                .maxLength("description", request.description(), ClusterService.MAX_DESCRIPTION)
                .required("version", request.version());
        if (request.zones() != null) {
            checkZones(rules, request.zones());
        }
        rules.throwIfAny();
        String description = request.description() == null ? region.description() : request.description();
        Versioned.requireUpdated(regions.update(id, displayName, description, request.version()), "region", id);
        if (request.zones() != null) {
            replaceZones(id, request.zones());
        }
        return get(id);
    }

    @Transactional
    RegionView delete(Principal caller, String id)
    {
        ResourceAccess.requireOperator(caller);
        RegionView region = get(id);
        if (clusters.countInRegion(id) > 0) {
            throw ApiException.conflict("resource.region.has-clusters", region.name());
        }
        if (nodes.countInRegion(id) > 0) {
            throw ApiException.conflict("resource.region.has-nodes", region.name());
        }
        regions.delete(id);
        return region;
    }

    private void replaceZones(String regionId, List<String> names)
    {
        Map<String, RegionRepository.ZoneRecord> existing = regions.zones(regionId).stream()
                .collect(Collectors.toMap(RegionRepository.ZoneRecord::name, Function.identity()));
        for (RegionRepository.ZoneRecord zone : existing.values()) {
            if (!names.contains(zone.name())) {
                if (clusters.countInZone(zone.id()) > 0 || nodes.countInZone(zone.id()) > 0) {
                    throw ApiException.conflict("resource.region.zone-in-use", zone.name());
                }
                regions.deleteZone(zone.id());
            }
        }
        for (int i = 0; i < names.size(); i++) {
            RegionRepository.ZoneRecord zone = existing.get(names.get(i));
            if (zone == null) {
                regions.insertZone(new RegionRepository.ZoneRecord(Ids.newId("az"), regionId, names.get(i), i));
            }
            else {
                regions.updateZonePosition(zone.id(), i);
            }
        }
    }

    private static void checkZones(FieldRules rules, List<String> zones)
    {
        rules.required("zones", zones);
        if (zones == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String zone : zones) {
            rules.name("zones", zone, NameRule.REGION);
            if (zone != null && !seen.add(zone)) {
                rules.violate("zones", "resource.zone.duplicate");
            }
        }
    }

    private RegionView view(RegionRepository.RegionRecord region)
    {
        List<ZoneView> zones = regions.zones(region.id()).stream().map(zone -> new ZoneView(zone.id(), zone.name())).toList();
        return new RegionView(region.id(), region.name(), shipped(region, region.displayName(), "resource.first-start.region-name"),
                shipped(region, region.description(), "resource.first-start.region"), zones, region.createdAt(), region.version());
    }

    /**
     * The built-in region's name and description are Meridian's words, written once in the installation's language: while
     * they are what Meridian wrote (in either language), they read in the reader's language, so an English console of a
     * Chinese installation says Local, not 本地. Once an operator changes them, they read as written.
     */
    private String shipped(RegionRepository.RegionRecord region, String stored, String key)
    {
        if (stored == null || !ResourceFirstStart.REGION.equals(region.name())
                || LANGUAGES.stream().noneMatch(language -> stored.equals(messages.getMessage(key, null, language)))) {
            return stored;
        }
        return messages.getMessage(key, null, LocaleContextHolder.getLocale());
    }
}
