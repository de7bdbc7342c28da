-- Fault tolerance (001-A §6.2 高级配置, §6.8-6.10): which failures restart the run (容错重启策略) and what restarts (容错策略).
ALTER TABLE training_tasks ADD COLUMN restart_policy VARCHAR(20) NOT NULL DEFAULT 'ON_FAILURE';
ALTER TABLE training_tasks ADD COLUMN restart_scope VARCHAR(20) NOT NULL DEFAULT 'JOB';

-- Whose fault an instance's failure was (INSTANCE, NODE, HANG), and the rendezvous environment it was launched with,
-- so that an instance restarted alone rejoins its job with the same rank and addresses.
ALTER TABLE training_run_instances ADD COLUMN fault_domain VARCHAR(20);
ALTER TABLE training_run_instances ADD COLUMN launch_env VARCHAR(60000);
