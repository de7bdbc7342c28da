-- The system policies' descriptions named another product's internal role codes (huijuOutSLAdmin, huijuOutCommon):
-- they say what the policy grants, in Meridian's words only (issue 11). Names and ids stay: grants and scripts use them.
UPDATE policies SET
    description = 'Secondary administrator: second only to admin; manages the workspaces, queues and quotas assigned to it',
    description_zh = '二级管理员：权限仅次于 admin，管理分配给它的工作空间、队列与资源配额'
WHERE id = 'pol-secondary-admin';

UPDATE policies SET
    description = 'Ordinary user: job workflows in the workspaces the user is a member of',
    description_zh = '普通用户：在所属工作空间内使用作业流程'
WHERE id = 'pol-common';
