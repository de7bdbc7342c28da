package io.meridian.scheduler.placement;

import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Taint;
import io.meridian.scheduler.model.Toleration;
import io.meridian.scheduler.state.ClusterState;

import java.util.Map;

/** Hard constraints: whether an instance can go on a node at all. Policies only rank nodes that pass. */
public final class Feasibility
{
    private Feasibility() {}

    public static boolean fits(ClusterState state, int node, InstanceShape shape)
    {
        return check(state, node, shape) == null;
    }

    /** The first failed constraint, or null when the instance fits. */
    public static FitFailure check(ClusterState state, int node, InstanceShape shape)
    {
        Node n = state.node(node);
        if (!n.schedulable()) {
            return FitFailure.UNSCHEDULABLE;
        }
        if (!shape.nodeSelector().isEmpty() && !matchesSelector(n, shape.nodeSelector())) {
            return FitFailure.NODE_SELECTOR;
        }
        if (!n.taints().isEmpty() && !toleratesAll(n, shape)) {
            return FitFailure.TAINT;
        }
        if (shape.needsGpu() && !shape.acceptsModel(state.modelOf(node))) {
            return FitFailure.GPU_MODEL;
        }
        if (state.cpuFree(node) < shape.cpuMilli()) {
            return FitFailure.CPU;
        }
        if (state.memoryFree(node) < shape.memoryMib()) {
            return FitFailure.MEMORY;
        }
        if (shape.needsGpu()) {
            int computeFits = 0;
            int bothFit = 0;
            boolean checkMemory = n.gpuMemoryMib() > 0 && shape.gpuMemoryMib() > 0;
            for (int d = 0; d < state.gpuCount(node); d++) {
                if (state.gpuFree(node, d) >= shape.milliPerCard()) {
                    computeFits++;
                    if (!checkMemory || state.gpuMemoryFree(node, d) >= shape.gpuMemoryMib()) {
                        bothFit++;
                    }
                }
            }
            if (computeFits < shape.cards()) {
                return FitFailure.GPU_CARDS;
            }
            if (bothFit < shape.cards()) {
                return FitFailure.GPU_MEMORY;
            }
        }
        return null;
    }

    /** Whether card {@code device} can host one card's worth of the instance. */
    public static boolean deviceFits(ClusterState state, int node, int device, InstanceShape shape)
    {
        if (state.gpuFree(node, device) < shape.milliPerCard()) {
            return false;
        }
        return state.node(node).gpuMemoryMib() == 0 || state.gpuMemoryFree(node, device) >= shape.gpuMemoryMib();
    }

    /** Picks the first {@code cards} cards that fit, in index order. */
    public static void firstFit(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        choice.clear();
        for (int d = 0; d < state.gpuCount(node) && choice.count() < shape.cards(); d++) {
            if (deviceFits(state, node, d, shape)) {
                choice.add(d);
            }
        }
    }

    /**
     * Picks the {@code cards} fitting cards with the least free compute, ties to the lower index: shares pack onto cards
     * already in use before they open a fresh one (001-A §5.9).
     */
    public static void fullestFit(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        pickByFree(state, node, shape, choice, true);
    }

    /** Picks the {@code cards} fitting cards with the most free compute, ties to the lower index. */
    public static void emptiestFit(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        pickByFree(state, node, shape, choice, false);
    }

    private static void pickByFree(ClusterState state, int node, InstanceShape shape, DeviceChoice choice, boolean fullest)
    {
        choice.clear();
        int count = state.gpuCount(node);
        // A selection over at most a node's cards (8 or 16): quadratic and allocation-free.
        for (int picked = 0; picked < shape.cards(); picked++) {
            int best = -1;
            for (int d = 0; d < count; d++) {
                if (chosen(choice, d) || !deviceFits(state, node, d, shape)) {
                    continue;
                }
                if (best < 0 || (fullest ? state.gpuFree(node, d) < state.gpuFree(node, best) : state.gpuFree(node, d) > state.gpuFree(node, best))) {
                    best = d;
                }
            }
            if (best < 0) {
                return;
            }
            choice.add(best);
        }
    }

    private static boolean chosen(DeviceChoice choice, int device)
    {
        for (int i = 0; i < choice.count(); i++) {
            if (choice.device(i) == device) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesSelector(Node node, Map<String, String> selector)
    {
        for (Map.Entry<String, String> entry : selector.entrySet()) {
            if (!entry.getValue().equals(node.labels().get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean toleratesAll(Node node, InstanceShape shape)
    {
        for (Taint taint : node.taints()) {
            boolean tolerated = false;
            for (Toleration toleration : shape.tolerations()) {
                if (toleration.tolerates(taint)) {
                    tolerated = true;
                    break;
                }
            }
            if (!tolerated) {
                return false;
            }
        }
        return true;
    }
}
