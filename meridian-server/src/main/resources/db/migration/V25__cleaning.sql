-- Data cleaning tasks (数据清洗, 001-A §3). Each start of a task is a run of kind CLEANING in the runtime's tables
-- (latest_run_id the newest); status follows that run (and turns FAILED when its output could not be imported).
-- The output dataset is a dataset of the dataset feature, created with the task and kept when the task is deleted.
CREATE TABLE cleaning_tasks (
    id                    VARCHAR(40) PRIMARY KEY,
    tenant_id             VARCHAR(40) NOT NULL,
    workspace_id          VARCHAR(40) NOT NULL,
    owner_id              VARCHAR(40) NOT NULL,
    name                  VARCHAR(50) NOT NULL,
    input_dataset_id      VARCHAR(40) NOT NULL,
    input_dataset_name    VARCHAR(100) NOT NULL,
    input_dataset_version VARCHAR(32) NOT NULL,
    output_dataset_id     VARCHAR(40) NOT NULL,
    output_dataset_name   VARCHAR(100) NOT NULL,
    fields_json           VARCHAR(200) NOT NULL,
    operators_json        VARCHAR(4000) NOT NULL,
    cluster_id            VARCHAR(40) NOT NULL,
    pool_id               VARCHAR(40) NOT NULL,
    flavor_name           VARCHAR(100) NOT NULL,
    masters               INTEGER NOT NULL,
    workers               INTEGER NOT NULL,
    status                VARCHAR(16) NOT NULL,
    latest_run_id         VARCHAR(60),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    version               BIGINT NOT NULL DEFAULT 0,
    UNIQUE (workspace_id, name)
);
CREATE INDEX cleaning_tasks_list ON cleaning_tasks (tenant_id, workspace_id, created_at);
CREATE INDEX cleaning_tasks_run ON cleaning_tasks (latest_run_id);
