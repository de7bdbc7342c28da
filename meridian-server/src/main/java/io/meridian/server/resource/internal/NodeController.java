package io.meridian.server.resource.internal;

import io.meridian.server.audit.AuditContext;
import io.meridian.server.audit.NotAudited;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

/** Nodes (节点): for admins; the operations carry the spec's preconditions (002 §4.2.2). */
@RestController
@RequestMapping("/api/v1/nodes")
class NodeController
{
    private static final NodeService.VersionRequest ANY_VERSION = new NodeService.VersionRequest(null);

    private final NodeService nodes;

    NodeController(NodeService nodes)
    {
        this.nodes = requireNonNull(nodes, "nodes is null");
    }

    @GetMapping
    PageResult<NodeRepository.NodeRecord> list(
            @RequestParam(required = false) String tenantId,
            @RequestParam(required = false) String clusterId,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String bindingStatus,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        return nodes.list(CurrentPrincipal.get(), new NodeService.NodeQuery(tenantId, clusterId, name, bindingStatus, source, status), PageRequest.of(page, size, sort));
    }

    @GetMapping("/{id}")
    NodeRepository.NodeRecord get(@PathVariable String id)
    {
        return nodes.get(CurrentPrincipal.get(), id);
    }

    /** The candidates of 纳管节点 for a cluster. */
    @GetMapping("/adoptable")
    PageResult<NodeRepository.NodeRecord> adoptable(@RequestParam String clusterId, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size)
    {
        return PageResult.slice(nodes.adoptable(CurrentPrincipal.get(), clusterId), PageRequest.of(page, size == null ? PageRequest.MAX_SIZE : size, null));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    NodeService.NodesAnswer create(@RequestBody NodeService.NewNodes request, HttpServletRequest http)
    {
        NodeService.NodesAnswer answer = nodes.create(CurrentPrincipal.get(), request);
        AuditContext.target(http, answer.clusterId(), answer.clusterName());
        return answer;
    }

    @PostMapping("/adopt")
    NodeService.NodesAnswer adopt(@RequestBody NodeService.Adoption request, HttpServletRequest http)
    {
        NodeService.NodesAnswer answer = nodes.adopt(CurrentPrincipal.get(), request);
        AuditContext.target(http, answer.clusterId(), answer.clusterName());
        return answer;
    }

    @PostMapping("/{id}/bind")
    NodeRepository.NodeRecord bind(@PathVariable String id, @RequestBody NodeService.BindRequest request)
    {
        return nodes.bind(CurrentPrincipal.get(), id, request);
    }

    @PostMapping("/{id}/unbind")
    NodeRepository.NodeRecord unbind(@PathVariable String id, @RequestBody(required = false) NodeService.VersionRequest request)
    {
        return nodes.unbind(CurrentPrincipal.get(), id, request == null ? ANY_VERSION : request);
    }

    @PostMapping("/{id}/cordon")
    NodeRepository.NodeRecord cordon(@PathVariable String id, @RequestBody(required = false) NodeService.VersionRequest request)
    {
        return nodes.cordon(CurrentPrincipal.get(), id, request == null ? ANY_VERSION : request);
    }

    @NotAudited("a node agent reports every few seconds; what a report changes shows in the node's status and reason")
    @PostMapping("/{id}/heartbeat")
    NodeRepository.NodeRecord heartbeat(@PathVariable String id, @RequestBody(required = false) NodeService.HeartbeatRequest request)
    {
        return nodes.heartbeat(CurrentPrincipal.get(), id, request);
    }

    @DeleteMapping("/{id}/heartbeat")
    NodeRepository.NodeRecord withdrawHeartbeat(@PathVariable String id)
    {
        return nodes.withdrawHeartbeat(CurrentPrincipal.get(), id);
    }

    @PostMapping("/{id}/uncordon")
    NodeRepository.NodeRecord uncordon(@PathVariable String id, @RequestBody(required = false) NodeService.VersionRequest request)
    {
        return nodes.uncordon(CurrentPrincipal.get(), id, request == null ? ANY_VERSION : request);
    }

    @PutMapping("/{id}/labels")
    NodeRepository.NodeRecord labels(@PathVariable String id, @RequestBody NodeService.LabelsRequest request)
    {
        return nodes.labels(CurrentPrincipal.get(), id, request);
    }

    @PutMapping("/{id}/taints")
    NodeRepository.NodeRecord taints(@PathVariable String id, @RequestBody NodeService.TaintsRequest request)
    {
        return nodes.taints(CurrentPrincipal.get(), id, request);
    }

    /** 移除: only an unbound, adopted node; the machine itself is left alone. */
    @DeleteMapping("/{id}")
    NodeRepository.NodeRecord remove(@PathVariable String id)
    {
        return nodes.remove(CurrentPrincipal.get(), id);
    }

    @PostMapping("/batch")
    NodeService.BatchAnswer batch(@RequestBody NodeService.BatchRequest request)
    {
        return nodes.batch(CurrentPrincipal.get(), request);
    }
}
