-- List pages show the newest rows of one scope first (docs/benchmarks/api.md). These indexes are in the lists' order,
-- so a page is read from the index instead of sorting the whole workspace, or the whole audit log, on every request.
CREATE INDEX training_tasks_list ON training_tasks (tenant_id, workspace_id, created_at DESC, id);
DROP INDEX training_tasks_tenant;
CREATE INDEX training_runs_list ON training_runs (tenant_id, workspace_id, created_at DESC, id);
CREATE INDEX audit_events_list ON audit_events (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_time ON audit_events (occurred_at DESC, id DESC);
DROP INDEX audit_events_tenant_time;
