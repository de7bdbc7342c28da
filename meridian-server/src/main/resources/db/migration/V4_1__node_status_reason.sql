-- Why a node is not READY when the platform, not an operator, took it out of scheduling (a node fault under a
-- workload, 001-A §6.8); cleared when the node is READY again.
ALTER TABLE nodes ADD COLUMN status_reason VARCHAR(500);
