-- A node agent's last heartbeat (001-A §6.8 节点心跳故障). NULL for nodes no agent reports on (the embedded local backend
-- runs on the server's own host, which is alive while the server is); once an agent has reported, a node whose
-- heartbeat is older than the grace period is NOT_READY.
ALTER TABLE nodes ADD COLUMN last_heartbeat_at TIMESTAMP WITH TIME ZONE;
