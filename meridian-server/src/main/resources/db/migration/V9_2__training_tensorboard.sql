-- TensorBoard 日志路径 of a training task: off, or the container path under /work/home its runs write event files to
-- (each run into <path>/<run id>). A run's own copy of the definition (definition_json) carries the same field.
ALTER TABLE training_tasks ADD COLUMN tensorboard BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE training_tasks ADD COLUMN tensorboard_path VARCHAR(500);
