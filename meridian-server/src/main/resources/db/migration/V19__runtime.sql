-- The runtime owns the runs of every kind of work; a training run is one kind, a plain job another.
ALTER TABLE training_runs RENAME TO runs;
ALTER TABLE training_run_instances RENAME TO run_instances;
ALTER TABLE training_run_events RENAME TO run_events;
ALTER TABLE runs ADD COLUMN kind VARCHAR(20) DEFAULT 'TRAINING' NOT NULL;
-- what the run was started from (a training task) and the name it carries; a plain job has no source of its own
ALTER TABLE runs RENAME COLUMN task_id TO source_id;
ALTER TABLE runs RENAME COLUMN task_name TO name;
ALTER TABLE runs ALTER COLUMN source_id DROP NOT NULL;
-- lists are per kind now (training runs, jobs)
DROP INDEX training_runs_list;
CREATE INDEX runs_list ON runs (tenant_id, kind, workspace_id, created_at DESC, id);
