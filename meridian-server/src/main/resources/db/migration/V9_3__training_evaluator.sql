-- TensorFlow PS: an evaluator (0 or 1) next to the chief, workers and parameter servers (002 §4.6.4.1 资源配置).
ALTER TABLE training_tasks ADD COLUMN evaluators INTEGER NOT NULL DEFAULT 0;
