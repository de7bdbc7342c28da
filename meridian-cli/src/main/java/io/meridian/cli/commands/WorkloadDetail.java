package io.meridian.cli.commands;

import io.meridian.cli.output.Column;
import io.meridian.cli.output.Table;
import io.meridian.cli.output.Values;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.List;

/**
 * The part of {@code runs get} and {@code jobs get} that is the runtime's, not the workload type's: the instances as a
 * table and the events as {@code time status  message} lines, each after an empty line, and nothing when there are none.
 */
final class WorkloadDetail
{
    static final List<Column> INSTANCE_COLUMNS = List.of(
            Column.of("NAME", "name"),
            Column.of("ATTEMPT", "attempt"),
            Column.of("NODE", "node"),
            Column.of("DEVICES", "devices"),
            Column.of("STATE", "state"),
            Column.of("EXIT", "exitCode"),
            Column.of("REASON", "reason"));

    private WorkloadDetail() {}

    static void print(PrintWriter out, JsonNode instances, JsonNode events)
    {
        if (instances.isArray() && !instances.isEmpty()) {
            out.println();
            Table table = new Table(INSTANCE_COLUMNS.stream().map(Column::header).toList());
            instances.forEach(instance -> table.row(INSTANCE_COLUMNS.stream().map(column -> column.render(instance)).toList()));
            table.lines().forEach(out::println);
        }
        if (events.isArray() && !events.isEmpty()) {
            out.println();
            for (JsonNode event : events) {
                String status = Values.present(event.path("toStatus")) ? " " + Values.text(event.path("toStatus")) : "";
                out.println((Values.text(event.path("at")) + status + "  " + Values.text(event.path("message"))).stripTrailing());
            }
        }
        out.flush();
    }
}
